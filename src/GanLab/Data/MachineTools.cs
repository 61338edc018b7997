using System.Diagnostics;
using System.Text;

namespace GanLab.Data;

/// <summary>What data sets made on this machine share: the user's data folder and running packaged tools (flite,
/// espeak-ng, npm).</summary>
public static class MachineTools
{
    /// <summary>$GANLAB_DATA/NAME when GANLAB_DATA is set, else ~/.ganlab/data/NAME.</summary>
    public static string DataFolder(string dataSetName) =>
        Environment.GetEnvironmentVariable(ImageDataCatalog.DataFolderVariable) is { Length: > 0 } root
            ? Path.Combine(root, dataSetName)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ganlab", "data", dataSetName);

    /// <summary>The tool's path when it is on PATH, else null.</summary>
    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);

    /// <summary>Runs a tool and returns its standard output; throws with its error output when it fails (unless
    /// <paramref name="checkExit"/> is false: flite prints its version and exits with 1).</summary>
    public static string Run(string tool, IEnumerable<string> arguments, bool checkExit = true)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (checkExit && process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', start.ArgumentList)} failed (exit {process.ExitCode}): {error.Result.Trim()}");
        return output;
    }

    /// <summary>FNV-1a of the UTF-8 text: string.GetHashCode differs per process, this is the same on every machine
    /// (held-out speakers and poems, seeded takes).</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var value in Encoding.UTF8.GetBytes(text)) hash = (hash ^ value) * 16777619u;
        return hash;
    }
}

/// <summary>A temporary folder, deleted with everything in it on dispose.</summary>
public sealed class ScratchFolder : IDisposable
{
    /// <summary>The folder.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("ganlab-").FullName;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
