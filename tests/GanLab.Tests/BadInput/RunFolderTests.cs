using System.Diagnostics;
using GanLab.Core;
using GanLab.Experiments;

namespace GanLab.Tests.BadInput;

/// <summary>One run per folder: a lock taken atomically, refused while its holder lives, taken over once it is gone;
/// a finished run is not overwritten by accident; --out must be a folder; Ctrl+C exits 130 with how to resume.</summary>
public class RunFolderTests
{
    private static Process StartCli(params string[] arguments)
    {
        // A test run started in the background by a non-interactive shell inherits SIGINT as ignored (the shell's rule
        // for background jobs), and .NET keeps it ignored: the Ctrl+C test would then train all its steps. coreutils'
        // env restores the default disposition before it execs dotnet (same process, same pid).
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GanLab.Cli.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static (int ExitCode, string Error) Finish(Process process)
    {
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }

    [Fact]
    public void Should_let_exactly_one_of_two_runs_started_together_on_one_folder_train()
    {
        using var folder = new TemporaryFolder();
        var run = folder.File("run");
        using var first = StartCli("train", "toy-ring", "--steps", "400", "--out", run);
        using var second = StartCli("train", "toy-ring", "--steps", "400", "--out", run);

        var results = new[] { Finish(first), Finish(second) };

        Assert.Single(results, result => result.ExitCode == 0);
        var refused = results.Single(result => result.ExitCode != 0);
        Assert.Equal(2, refused.ExitCode);
        Assert.Matches("^error: .*run (is in use by another ganlab run|already holds a run)", refused.Error.Trim().Split('\n')[^1]);
        Assert.Equal(401, File.ReadAllLines(Path.Combine(run, "history.csv")).Length);
        Assert.False(File.Exists(Path.Combine(run, FolderLock.FileName)));
    }

    [Fact]
    public void Should_recognise_the_lock_of_a_killed_run_as_stale_and_resume()
    {
        // Given a run killed (SIGKILL) while training: its lock file stays behind
        using var folder = new TemporaryFolder();
        var run = folder.File("run");
        using (var training = StartCli("train", "toy-ring", "--steps", "100000", "--checkpoint-every", "50", "--out", run))
        {
            var checkpoint = Path.Combine(run, TrainingRun.CheckpointRelativePath);
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(100);
            training.Kill(entireProcessTree: true);
            training.WaitForExit();
        }
        Assert.True(File.Exists(Path.Combine(run, FolderLock.FileName)));

        // When the run is resumed, Then the stale lock is taken over with a note and the run goes on
        var (exitCode, _, error) = CliRunner.Run("train", "--resume", run, "--stop-at", "60");
        Assert.True(exitCode == 0, error);
        Assert.Contains("the folder's lock was left by a run that no longer exists", error);
        Assert.False(File.Exists(Path.Combine(run, FolderLock.FileName)));
    }

    [Fact]
    public void Should_refuse_a_live_holder_and_take_over_a_lock_of_a_process_that_does_not_exist()
    {
        using var folder = new TemporaryFolder();
        using (FolderLock.Acquire(folder.Path))
        {
            var error = Assert.Throws<IOException>(() => FolderLock.Acquire(folder.Path));
            Assert.Contains($"{folder.Path} is in use by another ganlab run (process {Environment.ProcessId}", error.Message);
        }
        // A lock naming a process id no process has (ids are below 2^22 on Linux), written long enough ago
        var stale = Path.Combine(folder.Path, FolderLock.FileName);
        File.WriteAllText(stale, "4194000 2020-01-01T00:00:00.0000000Z\n");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-1));
        using var taken = FolderLock.Acquire(folder.Path);
        Assert.True(taken.TookOverStale);
    }

    [Fact]
    public void Should_not_overwrite_a_finished_run_unless_asked()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal(0, CliRunner.Run("train", "toy-ring", "--steps", "3", "--out", folder.Path).ExitCode);
        var history = File.ReadAllText(Path.Combine(folder.Path, "history.csv"));

        var again = CliRunner.Run("train", "toy-ring", "--steps", "5", "--out", folder.Path);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a run; continue it with `ganlab train --resume", again.Error);
        Assert.Equal(history, File.ReadAllText(Path.Combine(folder.Path, "history.csv")));

        var overwritten = CliRunner.Run("train", "toy-ring", "--steps", "5", "--out", folder.Path, "--overwrite");
        Assert.True(overwritten.ExitCode == 0, overwritten.Error);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(folder.Path, "history.csv")).Length);
    }

    [Fact]
    public void Should_name_an_out_option_that_is_not_a_folder()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File("a-file");
        File.WriteAllText(file, "not a folder");
        foreach (var (output, expected) in new[] { ("", "--out must name a folder"), (file, $"--out {file} is a file, not a folder"), (Path.Combine(file, "sub"), $"{file} is a file, so no folder can be made inside it") })
        {
            var (exitCode, _, error) = CliRunner.Run("train", "toy-ring", "--steps", "1", "--out", output);
            Assert.Equal(2, exitCode);
            Assert.Contains(expected, error);
            Assert.Single(error.Trim().Split('\n'));
        }
    }

    [Fact]
    public void Should_exit_130_after_ctrl_c_and_say_how_to_resume()
    {
        using var folder = new TemporaryFolder();
        using var training = StartCli("train", "toy-ring", "--steps", "100000", "--out", folder.Path);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        training.ErrorDataReceived += (_, line) => { if (line.Data is not null) errors.Enqueue(line.Data); };
        training.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!errors.Any(line => line.Contains("step ")) && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(100);

        // SIGINT, what a terminal sends on Ctrl+C
        using (var interrupt = Process.Start("kill", $"-INT {training.Id}")) interrupt.WaitForExit();
        training.StandardOutput.ReadToEnd();
        training.WaitForExit();

        Assert.Equal(130, training.ExitCode);
        Assert.Contains(errors, line => line.StartsWith("interrupted at step ", StringComparison.Ordinal) && line.Contains($"continue with: ganlab train --resume {folder.Path}"));
        using var resumed = TrainingRun.Resume(folder.Path);
        Assert.True(resumed.Trainer.Step > 0);
    }
}
