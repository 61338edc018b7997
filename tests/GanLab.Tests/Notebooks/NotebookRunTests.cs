using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GanLab.Tests.Notebooks;

/// <summary>Every lesson runs both ways (smoke settings): as a notebook with the real C# kernel, and as its file-based
/// app without any kernel; both pages render offline and show the same sections, charts, images and tables.</summary>
public partial class NotebookRunTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Theory]
    [MemberData(nameof(NotebookConventionsTests.Notebooks), MemberType = typeof(NotebookConventionsTests))]
    public void Should_run_every_cell_both_ways_and_write_pages_whose_charts_and_images_render_alike(string name)
    {
        // Given a committed notebook (the evaluation notebook finds the MNIST classifier cached by the shared
        // fixture, so it is trained once per test run, not again inside the kernel)
        using var folder = new TemporaryFolder();
        if (name.Contains("evaluat", StringComparison.Ordinal)) _ = Evaluation.SharedClassifiers.Mnist;

        // When `ganlab run --smoke` executes it
        var (exitCode, output, error) = Run("run", Path.Combine(NotebookFiles.Folder, name), "--smoke", "--out", folder.Path);

        // Then no cell failed, and both the executed notebook and the HTML page exist
        Assert.True(exitCode == 0, $"{name}: {error}");
        var stem = Path.GetFileNameWithoutExtension(name);
        Assert.Contains($"html: {Path.Combine(folder.Path, stem + ".html")}", output);
        Assert.True(File.Exists(Path.Combine(folder.Path, stem + ".ipynb")));
        // ... and while it ran, stderr said which cell was running
        Assert.Matches(@"cell 3/\d+: .+  \d\d:\d\d", error);
        // And in an offline browser every Plotly chart drew its traces and every sample image decoded
        var page = BrowserCheck.Open(Path.Combine(folder.Path, stem + ".html"));
        Assert.True(page.Plots > 0, $"{name}: no Plotly chart on the page");
        Assert.Equal(page.Plots, page.PlotsWithTraces);
        Assert.Equal(page.Images, page.DecodedImages);
        // Image and toy notebooks show sample grids or point clouds; the sweep (heatmaps) and text GANs (generated
        // lines) show tables instead.
        var showsTables = name.Contains("sweep", StringComparison.Ordinal) || name.Contains("text", StringComparison.Ordinal);
        if (!showsTables) Assert.True(page.Images > 0, $"{name}: no sample image on the page");
        else Assert.True(page.Tables > 0, $"{name}: no results table on the page");

        // When the same lesson runs as a .NET file-based app (no kernel) with the same smoke switch
        var lessonPage = RunLessonApp(stem, folder.Path);

        // Then its page renders too, with the notebook page's sections and as many charts, images and tables
        var app = BrowserCheck.Open(lessonPage);
        Assert.Equal(app.Plots, app.PlotsWithTraces);
        Assert.Equal(app.Images, app.DecodedImages);
        Assert.Equal(Sections(Path.Combine(folder.Path, stem + ".html")), Sections(lessonPage));
        Assert.Equal((page.Plots, page.Images, page.Tables), (app.Plots, app.Images, app.Tables));
    }

    // `dotnet run lessons/NAME.cs` in a folder of its own; returns the page it wrote.
    private static string RunLessonApp(string stem, string workingFolder)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", Path.Combine(NotebookFiles.RepositoryRoot, "lessons", stem + ".cs") }) start.ArgumentList.Add(argument);
        start.Environment[GanLab.Core.HostConventions.SmokeVariable] = "1";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"lessons/{stem}.cs exited {process.ExitCode}: {output} {errors.Result}");
        var page = Path.Combine(workingFolder, "runs", "lessons", stem + ".html");
        Assert.Contains($"html: {page}", output);
        return page;
    }

    private static IReadOnlyList<string> Sections(string page) =>
        Heading().Matches(File.ReadAllText(page)).Select(match => Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).ToList();

    [GeneratedRegex("<h[12][^>]*>(.*?)</h[12]>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [Fact]
    public void Should_keep_every_lesson_app_in_step_with_its_notebook()
    {
        // The apps are generated from the notebooks; a notebook edited without `./ganlab lessons sync` fails here.
        var (exitCode, output, error) = Run("lessons", "sync", "--check");
        Assert.True(exitCode == 0, $"{output} {error}: run ./ganlab lessons sync");
        Assert.Equal(NotebookFiles.All.Count, Directory.GetFiles(Path.Combine(NotebookFiles.RepositoryRoot, "lessons"), "*.cs").Length);
    }

    [Fact]
    public void Should_display_a_cells_trailing_expression_and_leave_statements_alone()
    {
        Assert.Equal("var a = 1;\nlesson.Display(Show(a));", GanLab.Cli.Lessons.LessonSource.WithDisplayedResult("var a = 1;\nShow(a)"));
        Assert.Equal("Show(a);", GanLab.Cli.Lessons.LessonSource.WithDisplayedResult("Show(a);"));
        Assert.Equal("foreach (var x in y) { Show(x); }", GanLab.Cli.Lessons.LessonSource.WithDisplayedResult("foreach (var x in y) { Show(x); }"));
        Assert.Equal("lesson.Display(new PictureRow(new[]\n{\n  a,\n}));", GanLab.Cli.Lessons.LessonSource.WithDisplayedResult("new PictureRow(new[]\n{\n  a,\n})"));
    }

    [Fact]
    public void Should_exit_non_zero_and_name_the_failing_cell_and_its_error()
    {
        // Given a notebook whose second code cell throws
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "broken.ipynb");
        File.WriteAllText(path, """
            {"cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Broken"]},
              {"cell_type": "code", "execution_count": null, "metadata": {"polyglot_notebook": {"kernelName": "csharp"}}, "outputs": [], "source": ["var answer = 6 * 7;"]},
              {"cell_type": "code", "execution_count": null, "metadata": {"polyglot_notebook": {"kernelName": "csharp"}}, "outputs": [], "source": ["throw new InvalidOperationException($\"broken on purpose: {answer}\");"]}
            ],
             "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}, "language_info": {"name": "polyglot-notebook"}},
             "nbformat": 4, "nbformat_minor": 5}
            """);

        // When it runs
        var (exitCode, _, error) = Run("run", path, "--out", Path.Combine(folder.Path, "out"));

        // Then the exit code is non-zero and stderr names the cell and the exception
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error: cell 3 (throw new InvalidOperationException", error);
        Assert.Contains("broken on purpose: 42", error);
    }

    [Fact]
    public void Should_refuse_a_file_that_is_not_a_notebook()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "damaged.ipynb");
        File.WriteAllText(path, "{\"cells\": [");

        var (exitCode, _, error) = Run("run", path);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: {path}: not a notebook (invalid JSON", error);
    }
}
