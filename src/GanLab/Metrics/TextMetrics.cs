using System.Text.RegularExpressions;

namespace GanLab.Metrics;

/// <summary>Memorisation and form checks for generated text (BLEU lives in <see cref="Bleu"/>).</summary>
public static partial class TextMetrics
{
    /// <summary>A five-character regulated-verse line: five Han characters, a full-width comma, five more, a full stop.</summary>
    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}{5}，\p{IsCJKUnifiedIdeographs}{5}。$")]
    public static partial Regex TangLineShape();

    /// <summary>
    /// n-gram novelty: the share of the n-gram occurrences in <paramref name="generated"/> that never occur in
    /// <paramref name="training"/>. 0 = every n-gram was seen in training (possible copying), 1 = all new.
    /// </summary>
    public static double NgramNovelty(IReadOnlyList<IReadOnlyList<string>> generated, IReadOnlyList<IReadOnlyList<string>> training, int order)
    {
        if (order < 1) throw new ArgumentException($"the n-gram order must be at least 1, got {order}.", nameof(order));
        var seen = new HashSet<string>(training.SelectMany(tokens => Ngrams(tokens, order)), StringComparer.Ordinal);
        long total = 0, novel = 0;
        foreach (var gram in generated.SelectMany(tokens => Ngrams(tokens, order)))
        {
            total++;
            if (!seen.Contains(gram)) novel++;
        }
        return total == 0 ? double.NaN : novel / (double)total;
    }

    /// <summary>The share of generated lines that are exactly a training line (the model reproduced its data).</summary>
    public static double CopyRate(IReadOnlyList<string> generated, IEnumerable<string> training)
    {
        if (generated.Count == 0) throw new ArgumentException("copy rate needs at least one generated line.", nameof(generated));
        var lines = new HashSet<string>(training, StringComparer.Ordinal);
        return generated.Count(lines.Contains) / (double)generated.Count;
    }

    /// <summary>The share of lines that match <paramref name="shape"/> (e.g. <see cref="TangLineShape"/>).</summary>
    public static double ShapeShare(IReadOnlyList<string> lines, Regex shape)
    {
        if (lines.Count == 0) throw new ArgumentException("shape share needs at least one line.", nameof(lines));
        return lines.Count(shape.IsMatch) / (double)lines.Count;
    }

    /// <summary>The share of distinct lines among <paramref name="lines"/> (1 = no repeats; low = mode collapse).</summary>
    public static double DistinctShare(IReadOnlyList<string> lines) =>
        lines.Count == 0 ? double.NaN : lines.Distinct(StringComparer.Ordinal).Count() / (double)lines.Count;

    private static IEnumerable<string> Ngrams(IReadOnlyList<string> tokens, int order)
    {
        for (var start = 0; start + order <= tokens.Count; start++)
            yield return string.Join('\u001f', tokens.Skip(start).Take(order));
    }
}
