using System.Text.Json;
using Microsoft.DotNet.Interactive.Commands;

namespace GanLab.Interactive;

/// <summary>Tells `ganlab run` which cell the kernel is running: when GANLAB_CELL_PROGRESS names a file, every code
/// submission after the setup appends its source there as one JSON string per line (the runner matches it to the
/// notebook's cells and prints "cell 8/27: Lab.Continue(...)  01:12").</summary>
internal static class CellProgress
{
    public static void Start()
    {
        if (Environment.GetEnvironmentVariable(Core.HostConventions.CellProgressVariable) is not { Length: > 0 } path) return;
        Microsoft.DotNet.Interactive.Kernel.Root.AddMiddleware(async (command, context, next) =>
        {
            if (command is SubmitCode submission)
            {
                try { await File.AppendAllTextAsync(path, JsonSerializer.Serialize(submission.Code) + "\n"); }
                catch (IOException) { /* progress is a courtesy: never fail a cell for it */ }
            }
            await next(command, context);
        }, "ganlab-cell-progress");
    }
}
