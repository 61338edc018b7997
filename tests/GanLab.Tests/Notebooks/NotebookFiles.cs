using System.Text.Json.Nodes;

namespace GanLab.Tests.Notebooks;

/// <summary>Where the repository's notebooks are, found from the test binaries' folder.</summary>
internal static class NotebookFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => Path.Combine(RepositoryRoot, "notebooks");

    public static IReadOnlyList<string> All =>
        Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal).ToList();

    public static JsonObject Read(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    public static string Text(JsonNode? node) => GanLab.Cli.Notebooks.ExecutedNotebook.Text(node);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GanLab.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"GanLab.sln not found above {AppContext.BaseDirectory}");
    }
}
