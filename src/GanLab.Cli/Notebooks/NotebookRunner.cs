using System.Diagnostics;

namespace GanLab.Cli.Notebooks;

/// <summary>`ganlab run NOTEBOOK`: executes every cell with the real .NET Interactive C# kernel (dotnet-repl, a local
/// tool pinned in dotnet-tools.json), then writes the executed .ipynb and a standalone .html.</summary>
internal static class NotebookRunner
{
    public static int Run(string notebookPath, bool smoke, string? outputFolder, TextWriter progress)
    {
        var notebook = Path.GetFullPath(notebookPath);
        if (!File.Exists(notebook)) throw new FileNotFoundException($"{notebookPath}: no such notebook.", notebookPath);
        if (!notebook.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{notebookPath}: expected a Jupyter notebook (.ipynb).", "notebook");
        var sources = ExecutedNotebook.Load(notebook).Cells.Select(cell => ExecutedNotebook.Text(cell?["source"]).Trim()).ToList(); // a damaged file is reported before the kernel starts
        var name = Path.GetFileNameWithoutExtension(notebook);
        var folder = Path.GetFullPath(outputFolder ?? Path.Combine("runs", "notebooks"));
        Directory.CreateDirectory(folder);
        var executedPath = Path.Combine(folder, name + ".ipynb");
        var htmlPath = Path.Combine(folder, name + ".html");

        var clock = Stopwatch.StartNew();
        progress.WriteLine($"running {Path.GetFileName(notebook)}{(smoke ? " (smoke)" : "")} with the .NET Interactive C# kernel ...");
        var exitCode = Repl(notebook, executedPath, smoke, new CellReport(sources, progress, clock));

        var executed = ExecutedNotebook.Load(executedPath);
        executed.DropSupersededOutputs();
        executed.Save(executedPath);
        var page = executed.ToPage();
        Core.AtomicFile.WriteAllText(htmlPath, GanLab.Lessons.PageHtml.Render(page, GanLab.Lessons.PageHtml.Title(page) ?? name));
        var errors = executed.Errors();
        progress.WriteLine($"finished in {clock.Elapsed:mm\\:ss}: {executedPath}");
        Console.WriteLine($"html: {htmlPath}");
        if (errors.Count == 0 && exitCode == 0) return 0;
        var first = errors.FirstOrDefault();
        Console.Error.WriteLine(first is null
            ? $"error: the kernel reported a failure (dotnet-repl exit code {exitCode}) but no cell holds an error; see {executedPath}."
            : $"error: cell {first.CellNumber} ({first.FirstLine}) failed: {FirstLines(first.Message)}" + (errors.Count > 1 ? $" ({errors.Count - 1} more failed cells; all in {executedPath})" : ""));
        return 1;
    }

    private static int Repl(string notebook, string executedPath, bool smoke, CellReport cells)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // Relative #r and #!import paths in a notebook resolve against the kernel's working folder.
            WorkingDirectory = Path.GetDirectoryName(notebook)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { ReplTool.FindOrRestore(cells.Progress), "--run", notebook, "--exit-after-run", "--output-path", executedPath })
            start.ArgumentList.Add(argument);
        start.Environment[Core.HostConventions.SmokeVariable] = smoke ? "1" : "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment[Core.HostConventions.CellProgressVariable] = cells.File;
        if (File.Exists(executedPath)) File.Delete(executedPath);
        using var process = Process.Start(start) ?? throw new IOException("could not start `dotnet tool run dotnet-repl`.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) errors.Enqueue(line.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        while (!process.WaitForExit(TimeSpan.FromSeconds(1))) cells.Poll();
        process.WaitForExit();
        cells.Poll();
        cells.Dispose();
        if (!File.Exists(executedPath))
            throw new IOException($"the kernel wrote no executed notebook (dotnet-repl exit code {process.ExitCode}): {string.Join(' ', errors.Take(5)).Trim()}");
        return process.ExitCode;
    }

    // Compile errors list one line per problem; a runtime exception's stack trace adds nothing for a notebook user.
    private static string FirstLines(string message) =>
        string.Join(" ", message.Split('\n').Select(line => line.Trim()).TakeWhile(line => !line.StartsWith("at ", StringComparison.Ordinal)).Take(3));
}
