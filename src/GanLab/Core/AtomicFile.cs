namespace GanLab.Core;

/// <summary>Writes files so that a crash never leaves a half-written file behind.</summary>
public static class AtomicFile
{
    /// <summary>Writes to a temporary file in the same folder, flushes it to disk, then renames it over the target.</summary>
    public static void WriteAllBytes(string path, byte[] content) =>
        Write(path, stream => stream.Write(content));

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Runs <paramref name="writer"/> on a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<FileStream> writer)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        RemoveLeftovers(folder, Path.GetFileName(fullPath));
        // Same folder as the target: a rename within one file system is atomic.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                writer(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // A process killed mid-write leaves its temporary file; the target itself is intact. Clear such leftovers of
    // processes that no longer run, so repeated crashes do not fill the folder with partial checkpoints.
    private static void RemoveLeftovers(string folder, string fileName)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, $".{fileName}.*.tmp"))
        {
            var parts = Path.GetFileName(leftover)[(fileName.Length + 2)..].Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], out var processId) && !IsRunning(processId)) TryDelete(leftover);
        }
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
