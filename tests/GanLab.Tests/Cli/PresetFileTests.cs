using System.Text.Json.Nodes;

namespace GanLab.Tests.Cli;

/// <summary>Presets as data: shown as JSON, edited, trained from a file, overridden by --set paths.</summary>
public class PresetFileTests
{
    [Fact]
    public void Should_train_a_preset_file_shown_by_presets_show_and_edited()
    {
        // Given toy-ring as JSON with the discriminator's learning rate and the steps edited
        using var folder = new TemporaryFolder();
        var (showExit, json, _) = CliRunner.Run("presets", "show", "toy-ring");
        Assert.Equal(0, showExit);
        var preset = JsonNode.Parse(json)!.AsObject();
        var phase = preset["training"]!["phases"]![0]!;
        Assert.Equal("adversarial", phase["kind"]!.GetValue<string>());
        phase["steps"] = 12;
        phase["discriminatorOptimizer"]!["learningRate"] = 1e-3;
        var file = folder.File("my.json");
        File.WriteAllText(file, preset.ToJsonString());

        // When the file is trained
        var (exitCode, _, error) = CliRunner.Run("train", file, "--out", folder.File("run"));

        // Then the run used the edited values
        Assert.True(exitCode == 0, error);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(folder.File("run"), "history.csv")).Length);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.File("run"), "config.json")))!;
        var used = config["preset"]!["training"]!["phases"]![0]!;
        Assert.Equal(1e-3, used["discriminatorOptimizer"]!["learningRate"]!.GetValue<double>());
        Assert.Equal(2e-4, used["generatorOptimizer"]!["learningRate"]!.GetValue<double>());
    }

    [Fact]
    public void Should_give_the_same_json_back_after_a_round_trip_for_every_preset()
    {
        foreach (var preset in GanLab.Experiments.Presets.All)
        {
            var json = GanLab.Experiments.PresetFiles.ToJson(preset);
            // Derived values (the batch multiple a family needs) are not fields a user could edit or --set.
            Assert.DoesNotContain("batchMultiple", json);
            Assert.Equal(json, GanLab.Experiments.PresetFiles.ToJson(GanLab.Experiments.PresetFiles.FromJson(json, preset.Name)));
        }
    }

    [Theory]
    [InlineData("training.discriminatorOptimizer.learningRate=-1", "training.phases.adversarial.discriminatorOptimizer.learningRate must be a positive number, got -1")]
    [InlineData("training.phases.adversarial.loss=Fancy", "training.phases[0].loss must be one of Minimax, NonSaturating, LeastSquares, Hinge, Wasserstein, Relativistic")]
    [InlineData("training.phases.adversarial.lossy=Hinge", "'training.phases.adversarial.lossy' is not a field; training.phases.adversarial has kind, name, steps, loss,")]
    [InlineData("model.width=wide", "--set model.width: expected a number, got 'wide'")]
    [InlineData("training.batchSize", "--set 'training.batchSize': expected PATH=VALUE")]
    [InlineData("training.phases.gan.steps=3", "training.phases has no entry 'gan' (entries: adversarial)")]
    public void Should_refuse_a_wrong_set_path_or_value_in_one_line(string assignment, string expected)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRunner.Run("train", "toy-ring", "--steps", "3", "--set", assignment, "--out", folder.File("run"));
        Assert.Equal(2, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Should_refuse_an_unknown_field_or_a_broken_file_naming_it()
    {
        using var folder = new TemporaryFolder();
        var (_, json, _) = CliRunner.Run("presets", "show", "mlp-mnist");
        var misspelt = folder.File("misspelt.json");
        File.WriteAllText(misspelt, json.Replace("\"batchSize\"", "\"batchSise\""));
        var broken = folder.File("broken.json");
        File.WriteAllText(broken, json[..(json.Length / 2)]);

        var first = CliRunner.Run("train", misspelt, "--steps", "2");
        var second = CliRunner.Run("train", broken, "--steps", "2");

        Assert.Equal(2, first.ExitCode);
        Assert.Contains($"{misspelt}: 'batchSise' is not a field of TrainingPlan", first.Error);
        Assert.Equal(2, second.ExitCode);
        Assert.StartsWith($"error: {broken}:", second.Error);
        Assert.Single(second.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Should_set_a_nested_field_that_only_one_phase_has_without_naming_the_phase()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRunner.Run("train", "text-tang-gumbel", "--pretrain-steps", "2", "--steps", "2",
            "--set", "training.discriminatorOptimizer.learningRate=5e-4", "--set", "training.phases.mle.optimizer.gradientClip=1", "--out", folder.File("run"));
        Assert.True(exitCode == 0, error);
        var phases = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.File("run"), "config.json")))!["preset"]!["training"]!["phases"]!;
        Assert.Equal(1.0, phases[0]!["optimizer"]!["gradientClip"]!.GetValue<double>());
        Assert.Equal(5e-4, phases[1]!["discriminatorOptimizer"]!["learningRate"]!.GetValue<double>());
    }
}
