using System.Globalization;

namespace GanLab.Data;

/// <summary>Whether a vocabulary's tokens are characters or whitespace-separated words.</summary>
public enum TokenLevel
{
    /// <summary>One token per character (a user-perceived character: a Han character, a letter with its accents).</summary>
    Character,
    /// <summary>One token per whitespace-separated word.</summary>
    Word,
}

/// <summary>Token ids for text GANs, with padding, start, end and unknown tokens at ids 0-3.</summary>
public sealed class Vocabulary
{
    /// <summary>Fills sequences up to a fixed length.</summary>
    public const string Padding = "<pad>";
    /// <summary>Marks the start of a sequence (the generator's first input).</summary>
    public const string Start = "<s>";
    /// <summary>Marks the end of a sequence.</summary>
    public const string End = "</s>";
    /// <summary>Stands for any token not in the vocabulary.</summary>
    public const string Unknown = "<unk>";

    private readonly List<string> tokens;
    private readonly Dictionary<string, int> ids;

    private Vocabulary(TokenLevel level, List<string> tokens)
    {
        Level = level;
        this.tokens = tokens;
        ids = tokens.Select((token, id) => (token, id)).ToDictionary(pair => pair.token, pair => pair.id, StringComparer.Ordinal);
    }

    /// <summary>Characters or words.</summary>
    public TokenLevel Level { get; }
    /// <summary>Number of ids, special tokens included.</summary>
    public int Size => tokens.Count;
    /// <summary>Id of <see cref="Padding"/> (0).</summary>
    public int PaddingId => 0;
    /// <summary>Id of <see cref="Start"/> (1).</summary>
    public int StartId => 1;
    /// <summary>Id of <see cref="End"/> (2).</summary>
    public int EndId => 2;
    /// <summary>Id of <see cref="Unknown"/> (3).</summary>
    public int UnknownId => 3;
    /// <summary>All tokens by id.</summary>
    public IReadOnlyList<string> Tokens => tokens;

    /// <summary>Builds a vocabulary from lines: the most frequent tokens first (ties in first-seen order), at most
    /// <paramref name="maximumSize"/> ids including the four special ones; rarer tokens become unknown.</summary>
    public static Vocabulary Build(IEnumerable<string> lines, TokenLevel level, int maximumSize = int.MaxValue)
    {
        if (maximumSize < 5) throw new ArgumentException($"maximumSize must be at least 5 (4 special tokens and one real one), got {maximumSize}.", nameof(maximumSize));
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var token in lines.SelectMany(line => Split(line, level)))
            counts[token] = counts.TryGetValue(token, out var seen) ? (seen.Count + 1, seen.First) : (1, counts.Count);
        if (counts.Count == 0) throw new ArgumentException("the lines hold no tokens to build a vocabulary from.", nameof(lines));
        var ordered = counts.OrderByDescending(pair => pair.Value.Count).ThenBy(pair => pair.Value.First).Select(pair => pair.Key).Take(maximumSize - 4);
        return new Vocabulary(level, new[] { Padding, Start, End, Unknown }.Concat(ordered).ToList());
    }

    /// <summary>The tokens of a line at this vocabulary's level.</summary>
    public IReadOnlyList<string> Tokenize(string line) => Split(line, Level).ToList();

    /// <summary>The id of a token, or <see cref="UnknownId"/>.</summary>
    public int Id(string token) => ids.TryGetValue(token, out var id) ? id : UnknownId;

    /// <summary>A line as exactly <paramref name="length"/> ids: its tokens, then the end token, then padding
    /// (cut to <paramref name="length"/> when longer, the end token then missing).</summary>
    public int[] Encode(string line, int length)
    {
        if (length <= 0) throw new ArgumentException($"length must be positive, got {length}.", nameof(length));
        var encoded = Tokenize(line).Select(Id).Append(EndId).Take(length).ToList();
        while (encoded.Count < length) encoded.Add(PaddingId);
        return encoded.ToArray();
    }

    /// <summary>Ids back to text: stops at the end token, skips padding and start tokens.</summary>
    public string Decode(IEnumerable<int> sequence)
    {
        var words = new List<string>();
        foreach (var id in sequence)
        {
            if (id == EndId) break;
            if (id == PaddingId || id == StartId) continue;
            words.Add(id >= 0 && id < tokens.Count ? tokens[id] : Unknown);
        }
        return string.Join(Level == TokenLevel.Character ? "" : " ", words);
    }

    private static IEnumerable<string> Split(string line, TokenLevel level)
    {
        if (level == TokenLevel.Word)
        {
            foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) yield return word;
            yield break;
        }
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (!string.IsNullOrWhiteSpace(element)) yield return element;
        }
    }
}
