using System.Text;
using System.Text.RegularExpressions;
using GanLab.Cli.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GanLab.Cli.Lessons;

/// <summary>
/// Turns a notebook into its lesson app (lessons/NN-name.cs): the notebook is the one source of truth, the app is
/// generated from it (`ganlab lessons sync`) and a test fails when the committed app differs from what this makes.
/// Each markdown cell becomes <c>lesson.Markdown(...)</c>, each code cell <c>lesson.Code(source)</c> followed by the
/// code itself, a trailing expression (what the kernel displays) wrapped in <c>lesson.Display(...)</c>, and the setup
/// cell becomes <c>lesson.Setup(...)</c> with the shared setup's using directives at the top of the file.
/// </summary>
internal static partial class LessonSource
{
    private const string SetupCell = "#!import ganlab-setup.dib";

    /// <summary>The app's text for <paramref name="notebookPath"/>, given the shared setup file's text.</summary>
    public static string Generate(string notebookPath, string setupText)
    {
        var notebook = ExecutedNotebook.Load(notebookPath);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var cells = notebook.Cells.Select(cell => (Kind: ExecutedNotebook.Text(cell?["cell_type"]), Source: ExecutedNotebook.Text(cell?["source"]))).ToList();
        var text = new StringBuilder();
        text.Append($"// Lesson {name} as a .NET file-based app, generated from notebooks/{name}.ipynb by `./ganlab lessons sync`:\n")
            .Append("// edit the notebook, not this file (a test fails when they drift). Run from the repository root:\n")
            .Append($"//   dotnet run lessons/{name}.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)\n")
            .Append($"// It runs every cell without a notebook kernel and writes runs/lessons/{name}.html.\n")
            .Append("#:project ../src/GanLab.Lessons/GanLab.Lessons.csproj\n")
            // Cells are written for the C# kernel, which neither checks nullability nor turns warnings into errors.
            .Append("#:property Nullable=disable\n#:property TreatWarningsAsErrors=false\n#:property GenerateDocumentationFile=false\n")
            // File-based apps turn reflection-based JSON off by default; charts and cells use it, as the kernel allows.
            .Append("#:property JsonSerializerIsReflectionEnabledByDefault=true\n");
        foreach (var directive in UsingDirectives(setupText)) text.Append(directive).Append('\n');
        text.Append("using GanLab.Lessons;\n\n");
        text.Append($"using var lesson = Lesson.Start(\"{name}\", cellCount: {cells.Count});\n");
        foreach (var (kind, source) in cells)
        {
            if (kind == "markdown")
            {
                text.Append("lesson.Markdown(").Append(Literal(source)).Append(");\n");
                continue;
            }
            text.Append("lesson.Code(").Append(Literal(source)).Append(");\n");
            if (source.Trim() == SetupCell) text.Append($"var session = lesson.Setup(seed: {SetupSeed(setupText)});\n");
            else text.Append(WithDisplayedResult(source).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The cell with its trailing expression (a last statement without a semicolon, which the kernel
    /// displays) passed to <c>lesson.Display</c>.</summary>
    public static string WithDisplayedResult(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var root = (CompilationUnitSyntax)tree.GetRoot();
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement })
            return source;
        var expression = statement.Expression;
        var span = expression.Span;
        return source[..span.Start] + "lesson.Display(" + source[span.Start..span.End] + ");" + source[span.End..];
    }

    // The setup's usings, but the kernel host's own namespace: the app runs without the kernel.
    private static IEnumerable<string> UsingDirectives(string setupText) =>
        setupText.Split('\n').Select(line => line.Trim())
            .Where(line => line.StartsWith("using ", StringComparison.Ordinal) && line.EndsWith(';') && line != "using GanLab.Interactive;" && line != "using GanLab.Lessons;");

    private static string SetupSeed(string setupText) => SeedPattern().Match(setupText) is { Success: true } match ? match.Groups[1].Value : "1";

    // A raw string literal longer than any run of quotes inside, so any cell text fits unchanged.
    private static string Literal(string text)
    {
        var longest = QuoteRuns().Matches(text).Select(match => match.Length).DefaultIfEmpty(0).Max();
        var quotes = new string('"', Math.Max(3, longest + 1));
        return $"{quotes}\n{text}\n{quotes}";
    }

    [GeneratedRegex("\"+")]
    private static partial Regex QuoteRuns();

    [GeneratedRegex(@"Setup\(seed: *(\d+)")]
    private static partial Regex SeedPattern();
}
