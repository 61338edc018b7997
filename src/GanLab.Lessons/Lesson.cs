using System.Diagnostics;
using System.Text;
using GanLab.Core;

namespace GanLab.Lessons;

/// <summary>
/// The host of a lesson run as a .NET file-based app (`dotnet run lessons/NN-name.cs`), without any notebook kernel:
/// the generated app calls <see cref="Markdown"/> and <see cref="Code"/> before each cell's code and <see cref="Display"/>
/// for a cell's trailing expression; everything shown (and written to the console) lands in the current cell, and
/// disposing the lesson writes runs/lessons/NAME.html, the same standalone page `ganlab run` writes for the notebook.
/// </summary>
public sealed class Lesson : IDisplayHost, IDisposable
{
    private readonly List<(bool IsMarkdown, string Source, List<PageOutput> Outputs)> cells = new();
    private readonly string name;
    private readonly int cellCount;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TextWriter console = Console.Out;
    private bool written;

    private Lesson(string name, int cellCount)
    {
        this.name = name;
        this.cellCount = cellCount;
        PagePath = Path.GetFullPath(Path.Combine("runs", "lessons", name + ".html"));
        Notebook.Host = this;
        Lab.RunsFolder = Path.Combine("runs", "lessons");
        Console.SetOut(new CellWriter(this));
        // A failing cell ends the app; its page is still written, with the error in that cell.
        AppDomain.CurrentDomain.UnhandledException += (_, arguments) => Fail(arguments.ExceptionObject as Exception);
    }

    /// <summary>Where the page is written.</summary>
    public string PagePath { get; }

    /// <summary>Starts lesson <paramref name="name"/> of <paramref name="cellCount"/> cells; <paramref name="source"/> (the app's
    /// own file, filled in by the compiler) locates the repository for the lesson's files.</summary>
    public static Lesson Start(string name, int cellCount, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        if (source.Length > 0 && LessonFiles.FindRoot(Path.GetDirectoryName(source)!) is { } repository) LessonFiles.Root = repository;
        return new(name, cellCount);
    }

    /// <summary>The shared setup (the notebook's setup cell): loads libtorch, picks device and seed, shows the summary.</summary>
    public NotebookSession Setup(long seed = 1)
    {
        var session = NotebookSession.Create(seed);
        Output(new PageOutput("html", DisplayHtml.SetupSummary(session)));
        return session;
    }

    /// <summary>A markdown cell.</summary>
    public void Markdown(string text) => cells.Add((true, text, new List<PageOutput>()));

    /// <summary>A code cell begins; its source is shown on the page.</summary>
    public void Code(string source)
    {
        cells.Add((false, source, new List<PageOutput>()));
        var first = source.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "";
        Console.Error.WriteLine($"cell {cells.Count}/{cellCount}: {(first.Length > 60 ? first[..57] + "..." : first)}  {clock.Elapsed:mm\\:ss}");
    }

    /// <summary>A cell's trailing expression, shown as the notebook shows a cell's result.</summary>
    public void Display(object? value) => Output(new PageOutput("html", DisplayHtml.OrText(value)));

    /// <inheritdoc />
    public DisplayHandle Show(object value) => new Handle(Output(new PageOutput("html", DisplayHtml.OrText(value))));

    /// <summary>Writes the page.</summary>
    public void Dispose()
    {
        if (written) return;
        written = true;
        Console.SetOut(console);
        var page = cells.Select(cell => new PageCell(cell.IsMarkdown, cell.Source, cell.Outputs)).ToList();
        AtomicFile.WriteAllText(PagePath, PageHtml.Render(page, PageHtml.Title(page) ?? name));
        Console.Error.WriteLine($"finished in {clock.Elapsed:mm\\:ss}");
        console.WriteLine($"html: {PagePath}");
    }

    private (List<PageOutput> Outputs, int Index) Output(PageOutput output)
    {
        if (cells.Count == 0 || cells[^1].IsMarkdown) cells.Add((false, "", new List<PageOutput>()));
        var outputs = cells[^1].Outputs;
        // Console text written piece by piece is one block, as a notebook shows a stream.
        if (output.Kind == "text" && outputs.Count > 0 && outputs[^1].Kind == "text") outputs[^1] = outputs[^1] with { Content = outputs[^1].Content + output.Content };
        else outputs.Add(output);
        return (outputs, outputs.Count - 1);
    }

    private void Fail(Exception? error)
    {
        var message = error is null ? "unknown error" : $"{error.GetType().Name}: {error.Message}";
        Output(new PageOutput("error", message));
        Console.Error.WriteLine($"error: cell {cells.Count} failed: {message}");
        Dispose();
    }

    private sealed class Handle((List<PageOutput> Outputs, int Index) place) : DisplayHandle
    {
        public override void Update(object value) => place.Outputs[place.Index] = new PageOutput("html", DisplayHtml.OrText(value));
    }

    private sealed class CellWriter(Lesson lesson) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => lesson.Output(new PageOutput("text", value.ToString()));
        public override void Write(string? value) { if (!string.IsNullOrEmpty(value)) lesson.Output(new PageOutput("text", value)); }
    }
}
