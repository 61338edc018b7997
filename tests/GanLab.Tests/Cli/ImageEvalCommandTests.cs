using System.Text.Json;
using GanLab.Tests.Evaluation;

namespace GanLab.Tests.Cli;

public class ImageEvalCommandTests
{
    [Fact]
    public void Should_record_metrics_while_training_and_evaluate_a_dcgan_run_against_the_floor()
    {
        _ = SharedClassifiers.Mnist;
        using var folder = new TemporaryFolder();
        var run = folder.File("dcgan");

        // Given a short DCGAN run that records two metrics every 10 steps
        var (exitCode, _, error) = CliRunner.Run("train", "dcgan-mnist", "--steps", "20", "--batch-size", "32",
            "--metrics", "fd,precision", "--metrics-every", "10", "--out", run);
        Assert.True(exitCode == 0, error);
        Assert.Contains("real data scores: fd ", error);
        Assert.Contains("step 10 metrics: fd ", error);
        // ... and libtorch did not log a line per convolution (NNPACK, tried when oneDNN is off, on CPUs it does not support)
        Assert.DoesNotContain("NNPACK", error);

        // Then history.csv has a column per metric, filled at steps 10 and 20 and empty elsewhere
        var lines = File.ReadAllLines(Path.Combine(run, "history.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(new[] { "fd", "precision" }, header[^2..]);
        var measured = lines.Skip(1).Where(line => line.Split(',')[^2] != "").Select(line => line.Split(',')[0]).ToArray();
        Assert.Equal(new[] { "10", "20" }, measured);

        // When the run is evaluated, as text and as JSON
        var text = CliRunner.Run("eval", run, "--samples", "500");
        var json = CliRunner.Run("eval", run, "--samples", "500", "--json");

        // Then every image metric is printed beside the floor, the pictures are written, and 20 steps are far from real
        Assert.True(text.ExitCode == 0, text.Error);
        foreach (var metric in new[] { "fd ", "kid ", "classifier_score", "precision", "recall", "class_kl", "copy_rate", "real-vs-real floor", "memorisation: copy rate", "feature space: GanLab's mnist classifier" })
            Assert.Contains(metric, text.Output);
        foreach (var file in new[] { "evaluation.json", "nearest-training.png", "interpolations.png" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var evaluation = document.RootElement;
        Assert.Equal("image", evaluation.GetProperty("kind").GetString());
        var generated = evaluation.GetProperty("metrics");
        var floor = evaluation.GetProperty("reference");
        Assert.Equal(500, evaluation.GetProperty("samples").GetInt32());
        Assert.True(generated.GetProperty("fd").GetDouble() > 5 * floor.GetProperty("fd").GetDouble());
        Assert.True(generated.GetProperty("precision").GetDouble() < floor.GetProperty("precision").GetDouble());
        Assert.Equal(generated.GetProperty("copy_rate").GetDouble(), evaluation.GetProperty("details").GetProperty("memorisation").GetProperty("copyRate").GetDouble());
        Assert.InRange(generated.GetProperty("copy_rate").GetDouble(), 0, 1);
    }

    [Fact]
    public void Should_report_mode_coverage_of_a_toy_run()
    {
        using var folder = new TemporaryFolder();
        var run = folder.File("ring");
        var (exitCode, _, error) = CliRunner.Run("train", "toy-ring", "--steps", "100", "--metrics", "modes,high_quality", "--metrics-every", "50", "--out", run);
        Assert.True(exitCode == 0, error);
        Assert.Equal(new[] { "modes", "high_quality" }, File.ReadLines(Path.Combine(run, "history.csv")).First().Split(',')[^2..]);

        var (evalExit, output, evalError) = CliRunner.Run("eval", run);

        Assert.True(evalExit == 0, evalError);
        Assert.Matches(@"mode coverage: \d of 8 modes, [\d.]+ ?% high-quality samples, reverse KL", output);
        // And the measurements survive a resume (they travel in the checkpoint's history), which measures its new end too
        var resumed = CliRunner.Run("train", "--resume", run, "--steps", "20");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var measuredSteps = File.ReadLines(Path.Combine(run, "history.csv")).Skip(1).Where(line => line.Split(',')[^1] != "").Select(line => line.Split(',')[0]);
        Assert.Equal(new[] { "50", "100", "120" }, measuredSteps);
    }

    [Theory]
    [InlineData("toy-ring", "fd", "metrics for toy ring are modes, high_quality, reverse_kl")]
    [InlineData("toy-spiral", "modes", "has no metrics to record during training")]
    [InlineData("dcgan-mnist", "fid", "got 'fid'")]
    public void Should_name_the_allowed_metrics_when_asked_for_others(string preset, string metrics, string expected)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRunner.Run("train", preset, "--steps", "2", "--metrics", metrics, "--out", folder.File("run"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error);
    }
}
