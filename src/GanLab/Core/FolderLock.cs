using System.Diagnostics;
using System.Globalization;

namespace GanLab.Core;

/// <summary>
/// Holds a run folder for one process: a lock file created atomically (only one creator can win), naming the holder's
/// process id and start time, deleted on dispose. A lock whose process is gone, or whose id now belongs to a process
/// started later (the id was reused after a kill -9), is stale and taken over.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The lock file's name inside the folder.</summary>
    public const string FileName = ".ganlab-run.lock";

    private readonly string path;
    private bool released;

    private FolderLock(string path, bool tookOverStale)
    {
        this.path = path;
        TookOverStale = tookOverStale;
    }

    /// <summary>True when a stale lock of a dead process was found and replaced.</summary>
    public bool TookOverStale { get; }

    /// <summary>Takes <paramref name="folder"/> for this process.</summary>
    /// <exception cref="IOException">Another live process holds it; the message names that process.</exception>
    public static FolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var stale = false;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream)) writer.Write(Describe(Process.GetCurrentProcess()));
                return new FolderLock(path, stale);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = ReadHolder(path);
                if (holder is { } live && IsAlive(live.ProcessId, live.Started))
                    throw new IOException($"{folder} is in use by another ganlab run (process {live.ProcessId}, started {live.Started:u}); wait for it, stop it, or use another --out.");
                // A lock without a readable holder may be one another process has just created and not yet written.
                if (holder is null && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < TimeSpan.FromSeconds(5))
                    throw new IOException($"{folder} is in use by another ganlab run (its lock {path} was created just now); wait for it or use another --out.");
                // The holder is gone: its lock is stale. Removing it may race with another process doing the same;
                // whoever then creates the file first holds the folder.
                try { File.Delete(path); } catch (IOException) { }
                stale = true;
            }
        }
        throw new IOException($"{folder}: could not take the run folder's lock {path} (another process keeps replacing it).");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (released) return;
        released = true;
        try { File.Delete(path); } catch (IOException) { }
    }

    private static string Describe(Process process) =>
        string.Create(CultureInfo.InvariantCulture, $"{process.Id} {process.StartTime.ToUniversalTime():O}\n");

    private static (int ProcessId, DateTime Started)? ReadHolder(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id)
                   && DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
                ? (id, started) : null;
        }
        catch (IOException) { return null; }
    }

    // The same process: its id is alive and it started when the lock says (a reused id has a later start time).
    private static bool IsAlive(int processId, DateTime started)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited && Math.Abs((process.StartTime.ToUniversalTime() - started).TotalSeconds) < 2;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
