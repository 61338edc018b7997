using GanLab.Cli.Notebooks;

namespace GanLab.Tests.Notebooks;

public class ExecutedNotebookTests
{
    private static string Output(string html) =>
        "{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/html\": " + System.Text.Json.JsonSerializer.Serialize(html) + "}}";

    [Fact]
    public void Should_keep_only_the_last_render_of_each_live_view_and_of_package_progress()
    {
        // Given a headless run's cell holding every update of a live view and of the package installer
        using var folder = new TemporaryFolder();
        var path = folder.File("run.ipynb");
        var outputs = string.Join(",", new[]
        {
            Output("<div><strong>Installing Packages</strong> a</div>"), Output("<div><strong>Installed Packages</strong> a, b</div>"),
            Output("<div data-ganlab-live=\"one\">step 1</div>"), Output("<div data-ganlab-live=\"one\">step 2</div>"),
            Output("<p>a table</p>"), Output("<div data-ganlab-live=\"two\">step 9</div>"),
        });
        File.WriteAllText(path, "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"x\"], \"outputs\": [" + outputs + "]}], \"metadata\": {}}");
        var notebook = ExecutedNotebook.Load(path);

        // When superseded outputs are dropped
        notebook.DropSupersededOutputs();

        // Then what a notebook front end would show remains, in order
        var kept = ((System.Text.Json.Nodes.JsonArray)notebook.Cells[0]!["outputs"]!).Select(output => ExecutedNotebook.Text(output!["data"]!["text/html"])).ToList();
        Assert.Equal(new[] { "<div><strong>Installed Packages</strong> a, b</div>", "<div data-ganlab-live=\"one\">step 2</div>", "<p>a table</p>", "<div data-ganlab-live=\"two\">step 9</div>" }, kept);
    }

    [Fact]
    public void Should_report_the_first_line_of_each_failed_cell()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("failed.ipynb");
        File.WriteAllText(path, """
            {"cells": [
              {"cell_type": "markdown", "source": "# t"},
              {"cell_type": "code", "source": ["\n", "Broken();\n", "More();"], "outputs": [{"output_type": "error", "ename": "Error", "evalue": "(1,1): error CS0103: The name 'Broken' does not exist", "traceback": []}]}
            ], "metadata": {}}
            """);

        var error = Assert.Single(ExecutedNotebook.Load(path).Errors());

        Assert.Equal(2, error.CellNumber);
        Assert.Equal("Broken();", error.FirstLine);
        Assert.Contains("CS0103", error.Message);
    }
}
