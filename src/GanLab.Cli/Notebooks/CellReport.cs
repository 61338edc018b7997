using System.Diagnostics;
using System.Text.Json;

namespace GanLab.Cli.Notebooks;

/// <summary>Prints which cell the kernel runs ("cell 8/27: Lab.Continue(...)  01:12"): the notebook setup appends each
/// submitted cell's source to <see cref="File"/> (GanLab.Interactive's CellProgress), this matches it to the notebook.</summary>
internal sealed class CellReport(IReadOnlyList<string> sources, TextWriter progress, Stopwatch clock) : IDisposable
{
    private long read;
    private DateTime lastLine = DateTime.UtcNow;

    public string File { get; } = Path.Combine(Path.GetTempPath(), $"ganlab-cells-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");

    public TextWriter Progress => progress;

    /// <summary>Reports cells that started since the last call; a long cell gets a line every 30 seconds.</summary>
    public void Poll()
    {
        foreach (var code in NewSubmissions())
        {
            var index = sources.ToList().FindIndex(source => source == code.Trim());
            var first = code.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "";
            progress.WriteLine($"cell {(index < 0 ? "?" : (index + 1).ToString())}/{sources.Count}: {(first.Length > 60 ? first[..57] + "..." : first)}  {clock.Elapsed:mm\\:ss}");
            lastLine = DateTime.UtcNow;
        }
        if (DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(30)) return;
        progress.WriteLine($"  ... {clock.Elapsed:mm\\:ss}");
        lastLine = DateTime.UtcNow;
    }

    private IEnumerable<string> NewSubmissions()
    {
        if (!System.IO.File.Exists(File)) return Array.Empty<string>();
        using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(read, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // Only whole lines: the kernel may be half-way through writing the last one.
        var end = text.LastIndexOf('\n');
        if (end < 0) return Array.Empty<string>();
        read += System.Text.Encoding.UTF8.GetByteCount(text[..(end + 1)]);
        return text[..end].Split('\n').Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<string>(line) ?? "").ToList();
    }

    public void Dispose()
    {
        try { System.IO.File.Delete(File); } catch (IOException) { }
    }
}
