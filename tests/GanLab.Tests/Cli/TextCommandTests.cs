using System.Text.Json;

namespace GanLab.Tests.Cli;

public class TextCommandTests
{
    [Fact]
    public void Should_train_a_text_preset_and_evaluate_the_run_as_json()
    {
        // Given a short run of the default text GAN
        using var temporary = new TemporaryFolder();
        var folder = temporary.File("tang");
        var (exitCode, output, error) = CliRunner.Run("train", "text-tang-gumbel", "--pretrain-steps", "20", "--steps", "6", "--out", folder);
        Assert.True(exitCode == 0, error);

        // Then the run folder has the text outputs: metrics per step in history.csv, samples as text, the MLE baseline
        Assert.Contains("end of mle:", output);
        foreach (var file in new[] { "config.json", "history.csv", "samples.txt", "summary.json", "report.html", "checkpoint/state.ganlab" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        var header = File.ReadLines(Path.Combine(folder, "history.csv")).First().Split(',');
        Assert.Contains("bleu2", header);
        Assert.Contains("tang_shape", header);
        Assert.Equal(27, File.ReadAllLines(Path.Combine(folder, "history.csv")).Length);
        var samples = File.ReadAllLines(Path.Combine(folder, "samples.txt"));
        Assert.Equal(200, samples.Length);
        Assert.Contains(samples, line => line.Any(character => character >= '\u4e00' && character <= '\u9fff'));
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))))
        {
            Assert.Equal(26, summary.RootElement.GetProperty("steps").GetInt32());
            var phases = summary.RootElement.GetProperty("phases");
            Assert.Equal("mle", phases[0].GetProperty("name").GetString());
            Assert.True(phases[0].GetProperty("endMetrics").TryGetProperty("bleu2", out _));
        }

        // When the run is evaluated
        var evaluation = CliRunner.Run("eval", folder, "--json", "--samples", "100");

        // Then it prints one JSON object with the text metrics of the saved weights
        Assert.True(evaluation.ExitCode == 0, evaluation.Error);
        using var json = JsonDocument.Parse(evaluation.Output);
        Assert.Equal("text", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(26, json.RootElement.GetProperty("step").GetInt32());
        var metrics = json.RootElement.GetProperty("metrics");
        Assert.InRange(metrics.GetProperty("bleu2").GetDouble(), 0, 1);
        Assert.InRange(metrics.GetProperty("tang_shape").GetDouble(), 0, 1);
        Assert.True(metrics.GetProperty("nll_test").GetDouble() > 0);
        Assert.Equal(5, json.RootElement.GetProperty("details").GetProperty("examples").GetArrayLength());
        // ... beside what real training lines score on the same measures
        Assert.InRange(json.RootElement.GetProperty("reference").GetProperty("bleu2").GetDouble(), 0.01, 1);
        Assert.Equal(1.0, json.RootElement.GetProperty("reference").GetProperty("tang_shape").GetDouble());

        // And the finished run can be extended like any other run
        var resume = CliRunner.Run("train", "--resume", folder, "--steps", "5");
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.Equal(32, File.ReadAllLines(Path.Combine(folder, "history.csv")).Length);
    }

    [Fact]
    public void Should_train_the_seed_gru_at_the_seed_sizes_for_a_few_steps()
    {
        // Given the seed article's exact sizes (vocabulary 10,000, length 50, hidden 512, 2 layers, batch 64)
        // (a 360 MB checkpoint: the temporary folder removes it afterwards)
        using var temporary = new TemporaryFolder();
        var folder = temporary.File("seed");

        // When it trains one adversarial step (about a minute on 2 cores: D's GRU reads 10,000-wide rows)
        var (exitCode, _, error) = CliRunner.Run("train", "text-seed-gru", "--steps", "1", "--out", folder);

        // Then it finishes and its generator has the seed's vocabulary width
        Assert.True(exitCode == 0, error);
        var config = File.ReadAllText(Path.Combine(folder, "config.json"));
        Assert.Contains("\"minimumVocabularySize\": 10000", config);
        Assert.Contains("\"hiddenSize\": 512", config);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "history.csv")).Length);
    }

    [Fact]
    public void Should_refuse_options_the_phase_does_not_have_and_missing_runs_with_one_clear_line()
    {
        var (exitCode, _, error) = CliRunner.Run("train", "text-tang-seqgan", "--loss", "Hinge");
        Assert.Equal(2, exitCode);
        Assert.Contains("error: --loss does not apply to preset text-tang-seqgan: its last phase 'adversarial' is policygradient", error);

        var missing = CliRunner.Run("eval", Path.Combine(Path.GetTempPath(), "no-such-run-folder"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no checkpoint", missing.Error);
    }

    [Fact]
    public void Should_list_the_text_presets()
    {
        var (exitCode, output, _) = CliRunner.Run("presets");
        Assert.Equal(0, exitCode);
        foreach (var name in new[] { "text-tang-gumbel", "text-seed-gru", "text-oracle-mle", "text-oracle-seqgan", "text-oracle-gumbel" })
            Assert.Contains(name, output);
    }
}
