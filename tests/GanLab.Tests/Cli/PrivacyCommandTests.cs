using System.Text.Json;
using GanLab.Privacy;

namespace GanLab.Tests.Cli;

public class PrivacyCommandTests
{
    private const string TutorialRate = "0.004266666666666667";

    [Fact]
    public void Should_print_the_accountants_epsilon_by_both_conversions_as_json()
    {
        var (exitCode, output, _) = CliRunner.Run("privacy", "--sampling-rate", TutorialRate, "--noise-multiplier", "1.1", "--steps", "14062", "--delta", "1e-5", "--json");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        var expected = RenyiAccountant.Spent(256.0 / 60000, 1.1, 14062, 1e-5);
        Assert.Equal(expected.Epsilon, json.GetProperty("epsilon").GetDouble(), 12);
        Assert.Equal(3.01, json.GetProperty("classic_epsilon").GetDouble(), 0.005);
        Assert.Equal(1.1, json.GetProperty("noise_multiplier").GetDouble());
    }

    [Fact]
    public void Should_find_the_noise_multiplier_for_a_target_epsilon()
    {
        var (exitCode, output, _) = CliRunner.Run("privacy", "--sampling-rate", TutorialRate, "--target-epsilon", "2", "--steps", "14062", "--json");

        Assert.Equal(0, exitCode);
        var sigma = JsonDocument.Parse(output).RootElement.GetProperty("noise_multiplier").GetDouble();
        Assert.InRange(RenyiAccountant.Spent(256.0 / 60000, sigma, 14062, 1e-5).Epsilon, 1.98, 2.0);
    }

    [Theory]
    [InlineData("--noise-multiplier 1 --target-epsilon 2 --steps 10", "exactly one of --noise-multiplier")]
    [InlineData("--noise-multiplier 1 --steps 10 --delta 2", "--delta: delta must be in (0, 1)")]
    [InlineData("--noise-multiplier -1 --steps 10", "--noise-multiplier: the noise multiplier must be 0 or more")]
    [InlineData("--target-epsilon 0 --steps 10", "--target-epsilon: the target epsilon must be positive")]
    public void Should_reject_bad_settings_with_one_line_naming_the_option(string arguments, string expected)
    {
        var (exitCode, _, error) = CliRunner.Run(new[] { "privacy", "--sampling-rate", "0.01" }.Concat(arguments.Split(' ')).ToArray());

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
