using System.Text;

namespace GanLab.Data;

/// <summary>A text corpus: one sample per line of a UTF-8 file, blank lines skipped.</summary>
/// <param name="Lines">The non-blank lines, without line endings.</param>
/// <param name="Source">The file they came from.</param>
public sealed record TextCorpus(IReadOnlyList<string> Lines, string Source)
{
    /// <summary>Reads a UTF-8 file (a byte-order mark is allowed); CR LF and LF endings both work.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8, or holds no text.</exception>
    public static TextCorpus Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such text file (expected UTF-8 text, one sample per line).", path);
        var bytes = File.ReadAllBytes(path);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        string text;
        try { text = strict.GetString(bytes); }
        catch (DecoderFallbackException error)
        {
            throw new InvalidDataException($"{path}: {DescribeInvalidByte(bytes, error.Index)} is not valid UTF-8; save the file as UTF-8 (one sample per line).", error);
        }
        var lines = text.TrimStart('\uFEFF').Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .ToList();
        if (lines.Count == 0)
            throw new InvalidDataException($"{path}: holds no text ({(bytes.Length == 0 ? "the file is empty" : "only blank lines")}); expected one sample per line.");
        return new TextCorpus(lines, path);
    }

    /// <summary>The five-character Tang poem lines shipped in data/text (652 lines; see data/README.md).</summary>
    public static TextCorpus TangPoemLines() => Load(Shipped("tang-poem-lines.txt"));

    /// <summary>The 10,455 English words shipped in data/text (character-level text GANs).</summary>
    public static TextCorpus EnglishWords() => Load(Shipped("english-words.txt"));

    /// <summary>Splits into training and held-out lines: a seeded shuffle, then the last <paramref name="heldOutFraction"/>.</summary>
    public (TextCorpus Training, TextCorpus HeldOut) Split(double heldOutFraction, int seed = 1)
    {
        if (heldOutFraction is <= 0 or >= 1) throw new ArgumentException($"heldOutFraction must be in (0, 1), got {heldOutFraction}.", nameof(heldOutFraction));
        var shuffled = Lines.ToList();
        var random = new Random(seed);
        for (var index = shuffled.Count - 1; index > 0; index--)
        {
            var other = random.Next(index + 1);
            (shuffled[index], shuffled[other]) = (shuffled[other], shuffled[index]);
        }
        var heldOut = Math.Max(1, (int)Math.Round(shuffled.Count * heldOutFraction));
        return (new TextCorpus(shuffled.Take(shuffled.Count - heldOut).ToList(), Source + " (training)"),
                new TextCorpus(shuffled.Skip(shuffled.Count - heldOut).ToList(), Source + " (held out)"));
    }

    // Copied next to GanLab.dll at build time, like the embedded MNIST digits.
    private static string Shipped(string fileName) =>
        Path.Combine(Path.GetDirectoryName(typeof(TextCorpus).Assembly.Location)!, "data", "text", fileName);

    private static string DescribeInvalidByte(byte[] bytes, int index)
    {
        if (index < 0 || index >= bytes.Length) return "its content";
        var line = 1 + bytes.Take(index).Count(value => value == (byte)'\n');
        return $"line {line} (byte 0x{bytes[index]:X2} at offset {index})";
    }
}
