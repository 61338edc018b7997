using System.Diagnostics;
using System.Text.Json.Nodes;
using GanLab.Experiments.Sweeps;

namespace GanLab.Tests.Cli;

/// <summary>Sweeps as pure jobs: the example sweep planned, run locally two at a time, killed and finished, run as a
/// Slurm job array on a real one-node cluster with the same histories, written as a Kubernetes Indexed Job.</summary>
public class SweepCommandTests
{
    private static string Example => Path.Combine(Notebooks.NotebookFiles.RepositoryRoot, "sweeps", "toy-ring-lr-seeds.json");

    [Fact]
    public void Should_plan_every_trial_from_the_file_alone()
    {
        var (exitCode, output, error) = CliRunner.Run("sweep", "plan", Example);

        Assert.True(exitCode == 0, error);
        Assert.Contains("toy-ring-lr-seeds: 4 trials of toy-ring", output);
        Assert.Contains("   0  seed 1  learning rate=0.0002", output);
        Assert.Contains("   3  seed 2  learning rate=0.001", output);
        var trial = SweepFile.Load(Example).Trials()[3];
        Assert.Equal(new[] { "training.phases.adversarial.steps=600", "training.sampleEvery=0",
            "training.phases.adversarial.generatorOptimizer.learningRate=0.001", "training.phases.adversarial.discriminatorOptimizer.learningRate=0.001", "training.seed=2" }, trial.Settings);
    }

    [Fact]
    public void Should_run_locally_collect_and_finish_only_the_missing_trials_after_a_kill()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("sweep");

        // Given a local sweep killed (SIGKILL, with its trial processes) once its first trial is done
        using (var sweep = Cli("sweep", "run", Example, "--jobs", "1", "--out", output))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(output, "trial-0", SweepRunner.DoneFileName)) && clock.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(100);
            sweep.Kill(entireProcessTree: true);
            sweep.WaitForExit();
        }
        var first = File.ReadAllBytes(Path.Combine(output, "trial-0", SweepRunner.DoneFileName));
        Assert.False(File.Exists(Path.Combine(output, "trial-3", SweepRunner.DoneFileName)));

        // When it runs again, two trials at a time
        var (exitCode, stdout, error) = CliRunner.Run("sweep", "run", Example, "--jobs", "2", "--out", output);

        // Then it ran only what was missing, left the finished trial alone, and collected all four
        Assert.True(exitCode == 0, error);
        Assert.Matches(@"[123] of 4 trials to run, 2 at a time, 1 libtorch thread\(s\) each", error);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(output, "trial-0", SweepRunner.DoneFileName)));
        Assert.Contains("4 of 4 trials done", stdout);
        var table = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal("trial,seed,learning rate,modes,high_quality,reverse_kl,d_loss,g_loss,steps,seconds", table[0]);
        Assert.Equal(5, table.Length);
        Assert.Contains("Plotly.newPlot", File.ReadAllText(Path.Combine(output, "report.html")));
        // A killed trial resumed from its checkpoint gives what a straight run gives: trial 1 against a fresh single run
        var single = CliRunner.Run("sweep", "run", Example, "--index", "1", "--out", folder.File("single"));
        Assert.True(single.ExitCode == 0, single.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(folder.File("single"), "trial-1", "history.csv")), File.ReadAllText(Path.Combine(output, "trial-1", "history.csv")));
    }

    [Fact]
    public void Should_run_the_sweep_as_a_slurm_job_array_with_the_local_histories()
    {
        // Given a one-node Slurm cluster on this machine
        using var folder = new TemporaryFolder();
        Script("start");
        try
        {
            // When the example sweep is submitted as a job array and, apart, run locally two at a time
            var slurm = CliRunner.Run("sweep", "run", Example, "--slurm", "--wait", "--cpus", "1", "--parallel", "2", "--out", folder.File("slurm"));
            var local = CliRunner.Run("sweep", "run", Example, "--jobs", "2", "--out", folder.File("local"));
            var collected = CliRunner.Run("sweep", "collect", folder.File("slurm"));

            // Then every array task trained its trial, collect gathers all four, and each history equals the local one
            Assert.True(slurm.ExitCode == 0, slurm.Error);
            Assert.Contains("#SBATCH --array=0-3%2", File.ReadAllText(Path.Combine(folder.File("slurm"), "sweep.sbatch")));
            Assert.True(local.ExitCode == 0, local.Error);
            Assert.True(collected.ExitCode == 0, collected.Error + collected.Output);
            Assert.Contains("4 of 4 trials done", collected.Output);
            for (var trial = 0; trial < 4; trial++)
                Assert.Equal(File.ReadAllText(Path.Combine(folder.File("local"), $"trial-{trial}", "history.csv")),
                    File.ReadAllText(Path.Combine(folder.File("slurm"), $"trial-{trial}", "history.csv")));
        }
        finally { Script("stop"); }
    }

    [Fact]
    public void Should_write_an_indexed_kubernetes_job_with_the_job_api_fields()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, error) = CliRunner.Run("sweep", "run", Example, "--kubernetes", "--image", "registry.example/ganlab:1", "--cpus", "2", "--parallel", "3", "--out", folder.Path);

        Assert.True(exitCode == 0, error);
        Assert.Contains("kubectl apply -f", output);
        var job = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "sweep-job.json")))!;
        // The fields the batch/v1 Job API requires, and those an Indexed Job needs
        Assert.Equal("batch/v1", job["apiVersion"]!.GetValue<string>());
        Assert.Equal("Job", job["kind"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", job["metadata"]!["name"]!.GetValue<string>());
        var spec = job["spec"]!;
        Assert.Equal("Indexed", spec["completionMode"]!.GetValue<string>());
        Assert.Equal(4, spec["completions"]!.GetValue<int>());
        Assert.Equal(3, spec["parallelism"]!.GetValue<int>());
        var pod = spec["template"]!["spec"]!;
        Assert.Contains(pod["restartPolicy"]!.GetValue<string>(), new[] { "Never", "OnFailure" });
        var container = pod["containers"]![0]!;
        Assert.Equal("registry.example/ganlab:1", container["image"]!.GetValue<string>());
        var command = container["command"]!.AsArray().Select(part => part!.GetValue<string>()).ToList();
        Assert.Equal("$(JOB_COMPLETION_INDEX)", command[command.IndexOf("--index") + 1]);
        Assert.Equal("2", container["resources"]!["requests"]!["cpu"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"axes\": [{\"paths\": [\"training.phases.adversarial.lossy\"], \"values\": [1]}]", "'training.phases.adversarial.lossy' is not a field")]
    [InlineData("\"axes\": [{\"paths\": [\"training.batchSize\"], \"values\": []}]", "axes.0.values is empty")]
    [InlineData("\"axes\": [{\"paths\": [\"training.batchSize\"], \"values\": [\"big\"]}]", "--set training.batchSize: expected a number, got 'big'")]
    [InlineData("\"axes\": [{\"paths\": [\"training.batchSize\"]}]", "axes.0 needs either values (a grid) or a distribution")]
    [InlineData("\"axes\": [{\"paths\": [\"training.seed\"], \"distribution\": {\"kind\": \"normal\", \"minimum\": 0, \"maximum\": 1}}], \"count\": 2", "axes.0.distribution.kind must be uniform, log-uniform or integer")]
    [InlineData("\"axes\": [{\"paths\": [\"training.batchSize\"], \"values\": [64]}], \"count\": 3", "count is for random searches")]
    public void Should_refuse_a_bad_sweep_file_in_one_line_naming_the_field(string axes, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("bad.json");
        File.WriteAllText(path, $"{{\"name\": \"bad\", \"preset\": \"toy-ring\", \"seeds\": [1], {axes}}}");

        var (exitCode, _, error) = CliRunner.Run("sweep", "plan", path);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Should_draw_the_same_random_search_from_the_same_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("random.json");
        File.WriteAllText(path, """
            {"name": "random", "preset": "toy-ring", "seeds": [1], "count": 5, "samplingSeed": 7,
             "axes": [{"name": "lr", "paths": ["training.phases.adversarial.generatorOptimizer.learningRate"], "distribution": {"kind": "log-uniform", "minimum": 1e-5, "maximum": 1e-3}}]}
            """);

        var first = SweepFile.Load(path).Trials();
        var second = SweepFile.Load(path).Trials();

        Assert.Equal(5, first.Count);
        Assert.Equal(first.Select(trial => trial.Values["lr"]), second.Select(trial => trial.Values["lr"]));
        Assert.All(first, trial => Assert.InRange(double.Parse(trial.Values["lr"], System.Globalization.CultureInfo.InvariantCulture), 1e-5, 1e-3));
        Assert.True(first.Select(trial => trial.Values["lr"]).Distinct().Count() == 5);
    }

    private static Process Cli(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GanLab.Cli.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Script(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(Notebooks.NotebookFiles.RepositoryRoot, "scripts", "slurm-local.sh"));
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"scripts/slurm-local.sh {command}: {output} {error.Result}");
    }
}
