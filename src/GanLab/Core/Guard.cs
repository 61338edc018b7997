namespace GanLab.Core;

/// <summary>Validation helpers for config records: each throws an <see cref="ArgumentException"/> naming the field as
/// preset files and `--set` paths spell it (camelCase, dotted: "model.latentSize", "training.phases.mle.steps").</summary>
public static class Guard
{
    /// <summary>A field name as JSON spells it: every dotted segment starts in lower case (nameof gives PascalCase).</summary>
    public static string Field(string field) =>
        string.Join('.', field.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));

    /// <summary>An ArgumentException's message without the " (Parameter 'name')" that .NET appends: the text already
    /// names the field in words.</summary>
    public static string Text(ArgumentException error) =>
        error.ParamName is { } name && error.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal) ? error.Message[..^$" (Parameter '{name}')".Length] : error.Message;

    /// <summary>Requires value &gt; 0.</summary>
    public static void Positive(double value, string field)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentException($"{Field(field)} must be a positive number, got {value}.", Field(field));
    }

    /// <summary>Requires minimum &lt;= value &lt;= maximum.</summary>
    public static void InRange(double value, double minimum, double maximum, string field)
    {
        if (!(value >= minimum && value <= maximum))
            throw new ArgumentException($"{Field(field)} must be between {minimum} and {maximum}, got {value}.", Field(field));
    }

    /// <summary>Requires a non-empty list whose entries are all positive.</summary>
    public static void AllPositive(IReadOnlyList<int> values, string field)
    {
        if (values.Count == 0) throw new ArgumentException($"{Field(field)} must list at least one size.", Field(field));
        for (var index = 0; index < values.Count; index++)
            if (values[index] <= 0)
                throw new ArgumentException($"{Field(field)}[{index}] must be a positive size, got {values[index]}.", Field(field));
    }

    /// <summary>Requires a defined enum member.</summary>
    public static void Defined<TEnum>(TEnum value, string field) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentException($"{Field(field)} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}, got {value}.", Field(field));
    }
}
