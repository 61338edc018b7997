using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GanLab.Cli.Notebooks;

/// <summary>
/// Finds dotnet-repl, the headless .NET Interactive runner pinned in the repository's dotnet-tools.json. It is run
/// as `dotnet PATH/dotnet-repl.dll` rather than `dotnet tool run`, so the kernel's working folder can be the
/// notebook's own folder (relative #r and #!import paths) even for notebooks outside the repository.
/// </summary>
internal static class ReplTool
{
    private const string ToolName = "dotnet-repl";

    public static string FindOrRestore(TextWriter progress)
    {
        var manifest = FindManifest()
            ?? throw new FileNotFoundException($"dotnet-tools.json not found above {AppContext.BaseDirectory}; `ganlab run` needs the GanLab repository's tool manifest (it pins {ToolName}).");
        var version = PinnedVersion(manifest);
        var path = ToolPath(version);
        if (path is not null) return path;
        progress.WriteLine($"restoring {ToolName} {version} (dotnet tool restore, once) ...");
        var restore = Process.Start(new ProcessStartInfo("dotnet", "tool restore") { WorkingDirectory = Path.GetDirectoryName(manifest)!, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new IOException("could not start `dotnet tool restore`.");
        var errors = restore.StandardError.ReadToEndAsync();
        restore.StandardOutput.ReadToEnd();
        restore.WaitForExit();
        return ToolPath(version) ?? throw new IOException($"`dotnet tool restore` in {Path.GetDirectoryName(manifest)} did not provide {ToolName} {version}: {errors.Result.Trim()}");
    }

    private static string? FindManifest()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "dotnet-tools.json");
                if (File.Exists(candidate) && File.ReadAllText(candidate).Contains(ToolName, StringComparison.Ordinal)) return candidate;
            }
        }
        return null;
    }

    private static string PinnedVersion(string manifest)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?[ToolName]?["version"]?.GetValue<string>()
                   ?? throw new InvalidDataException($"{manifest}: no version for {ToolName}.");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new InvalidDataException($"{manifest}: invalid JSON ({error.Message}).", error);
        }
    }

    // `dotnet tool restore` remembers where it once restored a tool (~/.dotnet/toolResolverCache) and skips it then,
    // even when NUGET_PACKAGES now points elsewhere (dotnet/sdk issues 11432, 15306): look in both package folders.
    private static string? ToolPath(string version)
    {
        var folders = new[]
        {
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        foreach (var packages in folders.Where(folder => !string.IsNullOrEmpty(folder)))
        {
            var tools = Path.Combine(packages!, ToolName, version, "tools");
            if (!Directory.Exists(tools)) continue;
            var dll = Directory.EnumerateFiles(tools, ToolName + ".dll", SearchOption.AllDirectories).OrderByDescending(path => path, StringComparer.Ordinal).FirstOrDefault();
            if (dll is not null) return dll;
        }
        return null;
    }
}
