namespace GanLab.Tests.Cli;

public class CommandLineTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Fact]
    public void Should_list_every_required_preset()
    {
        var (exitCode, output, _) = Run("presets");
        Assert.Equal(0, exitCode);
        foreach (var name in new[] { "seed-mlp-mnist", "mlp-mnist", "dcgan-mnist", "dcgan-fashion", "toy-ring", "toy-grid" })
            Assert.Contains(name + " ", output);
    }

    [Fact]
    public void Should_reject_an_unknown_preset_in_one_line()
    {
        var (exitCode, _, error) = Run("train", "stylegan9");
        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("error: preset 'stylegan9' is not known", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--batch-size", "0", "error: --batch-size must be between 1 and 1000000, got 0.")]
    [InlineData("--learning-rate=-0.001", null, "error: --learning-rate must be a positive number, got -0.001.")]
    [InlineData("--steps", "0", "error: --steps must be between 1 and 100000000, got 0.")]
    public void Should_reject_an_invalid_setting_in_one_line_naming_the_field(string option, string? value, string expected)
    {
        var arguments = new List<string> { "train", "mlp-mnist", option };
        if (value is not null) arguments.Add(value);
        var (exitCode, _, error) = Run(arguments.ToArray());
        Assert.NotEqual(0, exitCode);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void Should_report_a_corrupt_data_file_by_name_without_a_stack_trace()
    {
        // Given GANLAB_DATA pointing at an MNIST folder whose image file is truncated
        using var folder = new TemporaryFolder();
        var mnist = Directory.CreateDirectory(Path.Combine(folder.Path, "mnist")).FullName;
        var images = Path.Combine(mnist, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, IdxBytes.Build(0x08, new[] { 10, 28, 28 }, new byte[100]));
        File.WriteAllBytes(Path.Combine(mnist, "train-labels-idx1-ubyte"), IdxBytes.Build(0x08, new[] { 10 }, new byte[10]));
        var previous = Environment.GetEnvironmentVariable("GANLAB_DATA");
        Environment.SetEnvironmentVariable("GANLAB_DATA", folder.Path);
        try
        {
            // When training starts
            var (exitCode, _, error) = Run("train", "mlp-mnist", "--steps", "1", "--out", Path.Combine(folder.Path, "run"));

            // Then one line names the file and the problem
            Assert.NotEqual(0, exitCode);
            var lines = error.Trim().Split('\n');
            Assert.StartsWith($"error: {images}: truncated: the header promises 7840 values", lines[^1]);
            Assert.DoesNotContain("   at ", error);
        }
        finally { Environment.SetEnvironmentVariable("GANLAB_DATA", previous); }
    }

    [Fact]
    public void Should_train_a_toy_run_and_write_every_output_file()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, _) = Run("train", "toy-ring", "--steps", "30", "--out", folder.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains("report: ", output);
        foreach (var file in new[] { "config.json", "history.csv", "samples.png", "report.html", "checkpoint/state.ganlab" })
            Assert.True(File.Exists(Path.Combine(folder.Path, file)), file + " is missing");
        var report = File.ReadAllText(Path.Combine(folder.Path, "report.html"));
        Assert.DoesNotContain("<script src=", report);
        Assert.Contains("Plotly.newPlot", report);
        Assert.Equal(31, File.ReadAllLines(Path.Combine(folder.Path, "history.csv")).Length);
    }

    [Fact]
    public void Should_resume_a_run_for_more_steps_matching_a_straight_run()
    {
        using var folder = new TemporaryFolder();
        var straight = Path.Combine(folder.Path, "straight");
        var split = Path.Combine(folder.Path, "split");
        // A constant learning rate: with a decaying one the schedule follows the total known at each moment.
        Assert.Equal(0, Run("train", "mlp-mnist", "--batch-size", "16", "--steps", "20", "--out", straight).ExitCode);
        Assert.Equal(0, Run("train", "mlp-mnist", "--batch-size", "16", "--steps", "10", "--out", split).ExitCode);
        Assert.Equal(0, Run("train", "--resume", split, "--steps", "10").ExitCode);

        Assert.Equal(File.ReadAllText(Path.Combine(straight, "history.csv")), File.ReadAllText(Path.Combine(split, "history.csv")));
    }

    [Fact]
    public void Should_print_one_JSON_object_with_the_bench_figures()
    {
        var (exitCode, output, error) = Run("bench", "--json", "--model", "toy", "--repeats", "1", "--seconds", "0.02");

        Assert.Equal(0, exitCode);
        Assert.Contains("bench: toy", error);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var root = document.RootElement;
        var toy = root.GetProperty("models")[0];
        Assert.Equal("toy", toy.GetProperty("model").GetString());
        foreach (var figure in new[] { "ratio", "gigaflopsPerSecond", "peakWorkingSetMegabytes", "samplesPerSecond" })
            Assert.True(toy.GetProperty(figure).GetDouble() > 0, figure);
        Assert.True(toy.GetProperty("trainerMilliseconds").GetProperty("median").GetDouble() > 0);
        Assert.True(toy.GetProperty("rawLoopMilliseconds").GetProperty("median").GetDouble() > 0);
        Assert.True(root.GetProperty("matrixMultiplyGigaflopsPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("machine").GetProperty("torchThreads").GetInt32() > 0);
    }
}
