namespace GanLab.Core;

/// <summary>Validation helpers for config records: each throws an <see cref="ArgumentException"/> naming the field.</summary>
public static class Guard
{
    /// <summary>Requires value &gt; 0.</summary>
    public static void Positive(double value, string field)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentException($"{field} must be a positive number, got {value}.", field);
    }

    /// <summary>Requires minimum &lt;= value &lt;= maximum.</summary>
    public static void InRange(double value, double minimum, double maximum, string field)
    {
        if (!(value >= minimum && value <= maximum))
            throw new ArgumentException($"{field} must be between {minimum} and {maximum}, got {value}.", field);
    }

    /// <summary>Requires a non-empty list whose entries are all positive.</summary>
    public static void AllPositive(IReadOnlyList<int> values, string field)
    {
        if (values.Count == 0) throw new ArgumentException($"{field} must list at least one size.", field);
        for (var index = 0; index < values.Count; index++)
            if (values[index] <= 0)
                throw new ArgumentException($"{field}[{index}] must be a positive size, got {values[index]}.", field);
    }

    /// <summary>Requires a defined enum member.</summary>
    public static void Defined<TEnum>(TEnum value, string field) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentException($"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}, got {value}.", field);
    }
}
