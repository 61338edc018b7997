using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace GanLab.Tests.Notebooks;

public class NotebookConventionsTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in NotebookFiles.All) data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void Should_number_the_notebooks_01_upwards_in_kebab_case_with_only_reserved_gaps()
    {
        var names = NotebookFiles.All.Select(Path.GetFileName).ToList();
        // No number is reserved now that 09 (speech) has landed.
        var reserved = Array.Empty<int>();

        Assert.True(names.Count >= 5, $"expected at least 5 notebooks, found {names.Count}");
        var expected = Enumerable.Range(1, 99).Where(number => !reserved.Contains(number) || names.Any(name => name!.StartsWith($"{number:00}-"))).ToList();
        for (var index = 0; index < names.Count; index++)
            Assert.Matches($"^{expected[index]:00}-[a-z0-9]+(-[a-z0-9]+)*\\.ipynb$", names[index]);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_open_with_a_title_what_you_will_learn_and_the_shared_setup(string name)
    {
        var cells = (JsonArray)NotebookFiles.Read(Path.Combine(NotebookFiles.Folder, name))["cells"]!;
        var first = cells[0]!;
        var second = cells[1]!;

        Assert.Equal("markdown", NotebookFiles.Text(first["cell_type"]));
        Assert.StartsWith($"# {name[..2]} · ", NotebookFiles.Text(first["source"]));
        Assert.Contains("**What you will learn**", NotebookFiles.Text(first["source"]));
        Assert.Equal("code", NotebookFiles.Text(second["cell_type"]));
        Assert.Equal("#!import ganlab-setup.dib", NotebookFiles.Text(second["source"]).Trim());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_be_committed_without_outputs_and_with_the_csharp_kernel(string name)
    {
        var notebook = NotebookFiles.Read(Path.Combine(NotebookFiles.Folder, name));

        Assert.Equal(".net-csharp", NotebookFiles.Text(notebook["metadata"]!["kernelspec"]!["name"]));
        foreach (var cell in ((JsonArray)notebook["cells"]!).Where(cell => NotebookFiles.Text(cell!["cell_type"]) == "code"))
        {
            Assert.Empty((JsonArray)cell!["outputs"]!);
            Assert.Null(cell["execution_count"]);
        }
    }

    [Fact]
    public void Should_pin_the_setup_packages_to_the_versions_in_Directory_Packages_props()
    {
        var central = XDocument.Load(Path.Combine(NotebookFiles.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion").ToDictionary(item => (string)item.Attribute("Include")!, item => (string)item.Attribute("Version")!);
        var setup = File.ReadAllText(Path.Combine(NotebookFiles.Folder, "ganlab-setup.dib"));
        var pinned = Regex.Matches(setup, "#r \"nuget: *([^,\"]+), *([^\"]+)\"").Select(match => (Name: match.Groups[1].Value.Trim(), Version: match.Groups[2].Value.Trim())).ToList();

        Assert.Contains(pinned, package => package.Name == "TorchSharp");
        Assert.Contains(pinned, package => package.Name == "Plotly.NET");
        foreach (var (packageName, version) in pinned)
        {
            Assert.True(central.ContainsKey(packageName), $"{packageName} is referenced by the setup but not in Directory.Packages.props");
            Assert.Equal(central[packageName], version);
        }
    }

    [Fact]
    public void Should_list_every_notebook_in_the_README_index()
    {
        var readme = File.ReadAllText(Path.Combine(NotebookFiles.RepositoryRoot, "README.md"));

        foreach (var path in NotebookFiles.All) Assert.Contains("notebooks/" + Path.GetFileName(path), readme);
    }
}
