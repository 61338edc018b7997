namespace GanLab.Tests.Notebooks;

/// <summary>Every notebook runs top to bottom with the real C# kernel (smoke settings), and its HTML renders offline.</summary>
public class NotebookRunTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Theory]
    [MemberData(nameof(NotebookConventionsTests.Notebooks), MemberType = typeof(NotebookConventionsTests))]
    public void Should_run_every_cell_and_write_an_HTML_page_whose_charts_and_images_render(string name)
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
