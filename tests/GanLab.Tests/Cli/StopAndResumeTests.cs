namespace GanLab.Tests.Cli;

/// <summary>`--stop-at K` then `--resume DIR` equals a straight run, for every family and inside every phase.</summary>
public class StopAndResumeTests
{
    [Theory]
    // toy-ring's learning rates decay over the second half: K = 150 of 200 is inside the decay.
    [InlineData("toy-ring", new[] { "--steps", "200" }, 150)]
    // text presets: K inside MLE pretraining, and K inside the adversarial phase.
    [InlineData("text-tang-gumbel", new[] { "--pretrain-steps", "30", "--steps", "20" }, 20)]
    [InlineData("text-tang-gumbel", new[] { "--pretrain-steps", "30", "--steps", "20" }, 40)]
    [InlineData("text-tang-seqgan", new[] { "--pretrain-steps", "20", "--steps", "4", "--set", "training.phases.adversarial.discriminatorWarmupSteps=3" }, 10)]
    [InlineData("text-tang-seqgan", new[] { "--pretrain-steps", "20", "--steps", "4", "--set", "training.phases.adversarial.discriminatorWarmupSteps=3" }, 22)]
    public void Should_give_the_straight_history_when_stopped_and_resumed(string preset, string[] steps, int stopAt)
    {
        using var folder = new TemporaryFolder();
        string[] Arguments(string output, params string[] more) => new[] { "train", preset }.Concat(steps)
            .Concat(new[] { "--set", "evaluation.samples=40", "--set", "evaluation.finalSamples=40", "--set", "evaluation.every=15", "--out", output }).Concat(more).ToArray();
        var straight = CliRunner.Run(Arguments(folder.File("straight")));
        Assert.True(straight.ExitCode == 0, straight.Error);

        var stopped = CliRunner.Run(Arguments(folder.File("split"), "--stop-at", stopAt.ToString()));
        Assert.True(stopped.ExitCode == 0, stopped.Error);
        Assert.Contains($"stopped at step {stopAt}", stopped.Output);
        Assert.Equal(stopAt + 1, File.ReadAllLines(Path.Combine(folder.File("split"), "history.csv")).Length);
        var resumed = CliRunner.Run("train", "--resume", folder.File("split"));
        Assert.True(resumed.ExitCode == 0, resumed.Error);

        Assert.Equal(File.ReadAllText(Path.Combine(folder.File("straight"), "history.csv")), File.ReadAllText(Path.Combine(folder.File("split"), "history.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(folder.File("straight"), "samples." + (preset.StartsWith("text") ? "txt" : "png"))).Length,
            File.ReadAllText(Path.Combine(folder.File("split"), "samples." + (preset.StartsWith("text") ? "txt" : "png"))).Length);
    }

    [Fact]
    public void Should_refuse_a_finished_run_without_steps_and_a_stop_outside_the_plan()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal(0, CliRunner.Run("train", "toy-ring", "--steps", "5", "--out", folder.Path).ExitCode);

        var finished = CliRunner.Run("train", "--resume", folder.Path);
        var beyond = CliRunner.Run("train", "toy-ring", "--steps", "5", "--stop-at", "9", "--out", folder.File("other"));
        var otherPreset = CliRunner.Run("train", "mlp-mnist", "--resume", folder.Path, "--steps", "2");

        Assert.Contains("has done all 5 planned steps; give --steps N", finished.Error);
        Assert.Contains("--stop-at must be a step after 0 and at most the plan's 5, got 9", beyond.Error);
        Assert.Contains("is a run of preset toy-ring, not mlp-mnist", otherPreset.Error);
        Assert.All(new[] { finished, beyond, otherPreset }, result => Assert.Equal(2, result.ExitCode));
    }
}
