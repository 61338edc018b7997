using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GanLab.Core;
using GanLab.Experiments;

namespace GanLab.Tests.BadInput;

/// <summary>
/// The bad-input suite's second part: labels the data does not allow, resumes on other data or presets, numbers past
/// what a run can plan, data given on the command line, one run per folder, and checkpoints whose checksum is valid
/// but whose content is hostile. Each case ends in one line on stderr naming the file or option, no stack trace, a
/// non-zero exit code, and the previous outputs untouched.
/// </summary>
public class ReliabilityTests
{
    // A folder with an MNIST-shaped data set of `count` images (all zero) and these labels.
    private static string DataFolder(TemporaryFolder folder, string name, int count, Func<int, byte> label, int side = 28)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder.Path, "data", name)).FullName;
        File.WriteAllBytes(Path.Combine(target, "train-images-idx3-ubyte"), IdxBytes.Build(0x08, new[] { count, side, side }, new byte[count * side * side]));
        File.WriteAllBytes(Path.Combine(target, "train-labels-idx1-ubyte"), IdxBytes.Build(0x08, new[] { count }, Enumerable.Range(0, count).Select(label).ToArray()));
        return Path.Combine(folder.Path, "data");
    }

    private static (int ExitCode, string Output, string Error) WithData(string? root, params string[] arguments)
    {
        var previous = Environment.GetEnvironmentVariable("GANLAB_DATA");
        Environment.SetEnvironmentVariable("GANLAB_DATA", root);
        try { return CliRunner.Run(arguments); }
        finally { Environment.SetEnvironmentVariable("GANLAB_DATA", previous); }
    }

    private static void OneLine(int exitCode, string error, string expected)
    {
        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("cdcgan-mnist", "mnist", 12)]
    [InlineData("mlp-mnist", "mnist", 10)]
    [InlineData("dcgan-fashion", "fashion-mnist", 200)]
    [InlineData("cdcgan-fashion", "fashion-mnist", 255)]
    public void Should_refuse_labels_outside_the_classes_where_the_data_is_read(string preset, string dataSet, byte bad)
    {
        using var folder = new TemporaryFolder();
        var root = DataFolder(folder, dataSet, 64, index => index == 5 ? bad : (byte)(index % 10));
        var (exitCode, _, error) = WithData(root, "train", preset, "--steps", "1", "--out", folder.File("run"));
        OneLine(exitCode, error, $"train-labels-idx1-ubyte: label {bad} at position 5; {dataSet} labels are 0-9.");
        Assert.False(Directory.Exists(Path.Combine(folder.File("run"), "checkpoint")));
    }

    [Fact]
    public void Should_refuse_to_resume_on_other_data_in_either_direction_and_keep_the_run()
    {
        using var folder = new TemporaryFolder();
        var small = DataFolder(folder, "mnist", 500, index => (byte)(index % 10));
        var onSmall = folder.File("small");
        var onEmbedded = folder.File("embedded");
        Assert.Equal(0, WithData(small, "train", "mlp-mnist", "--steps", "2", "--out", onSmall).ExitCode);
        Assert.Equal(0, WithData(null, "train", "mlp-mnist", "--steps", "2", "--out", onEmbedded).ExitCode);
        var history = File.ReadAllText(Path.Combine(onSmall, "history.csv"));

        var withoutTheData = WithData(null, "train", "--resume", onSmall, "--steps", "2");
        var withOtherData = WithData(small, "train", "--resume", onEmbedded, "--steps", "2");

        OneLine(withoutTheData.ExitCode, withoutTheData.Error, "the run was trained on other data");
        OneLine(withOtherData.ExitCode, withOtherData.Error, "the run was trained on other data");
        Assert.Equal(history, File.ReadAllText(Path.Combine(onSmall, "history.csv")));
    }

    [Fact]
    public void Should_refuse_to_resume_a_text_run_whose_file_changed()
    {
        using var folder = new TemporaryFolder();
        var lines = folder.File("lines.txt");
        File.WriteAllLines(lines, Enumerable.Range(0, 80).Select(index => $"line {index % 7} of the corpus"));
        Assert.Equal(0, CliRunner.Run("train", "text-tang-gumbel", "--data", "lines:" + lines, "--pretrain-steps", "2", "--steps", "1", "--out", folder.File("run")).ExitCode);
        File.AppendAllLines(lines, new[] { "a new line" });

        var (exitCode, _, error) = CliRunner.Run("train", "--resume", folder.File("run"), "--steps", "1");

        OneLine(exitCode, error, "the run was trained on other data");
    }

    [Theory]
    [InlineData(new[] { "--steps", "2147483647" }, "--steps must be between 1 and 100000000, got 2147483647")]
    [InlineData(new[] { "--steps", "0" }, "--steps must be between 1 and 100000000, got 0")]
    [InlineData(new[] { "--batch-size", "0" }, "--batch-size must be between 1 and 1000000, got 0")]
    [InlineData(new[] { "--learning-rate=-0.001" }, "--learning-rate must be a positive number, got -0.001")]
    [InlineData(new[] { "--checkpoint-every", "-1" }, "--checkpoint-every must be between 0 and")]
    [InlineData(new[] { "--stop-at", "-5" }, "--stop-at must be a step after 0 and at most the plan's")]
    [InlineData(new[] { "--set", "training.batchSize=1e12" }, "training.batchSize")]
    public void Should_name_the_option_the_user_typed_when_its_number_does_not_fit(string[] options, string expected)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRunner.Run(new[] { "train", "toy-ring", "--out", folder.File("run") }.Concat(options).ToArray());
        OneLine(exitCode, error, expected);
    }

    [Fact]
    public void Should_refuse_to_extend_a_run_past_what_a_plan_may_hold_and_leave_it_untouched()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal(0, CliRunner.Run("train", "toy-ring", "--steps", "3", "--out", folder.Path).ExitCode);
        var checkpoint = File.ReadAllBytes(Path.Combine(folder.Path, TrainingRun.CheckpointRelativePath));

        var (exitCode, _, error) = CliRunner.Run("train", "--resume", folder.Path, "--steps", "2147483647");

        OneLine(exitCode, error, "--steps must be between 1 and 100000000, got 2147483647");
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(folder.Path, TrainingRun.CheckpointRelativePath)));
    }

    [Fact]
    public void Should_train_a_text_preset_on_a_file_given_with_data()
    {
        using var folder = new TemporaryFolder();
        var lines = folder.File("lines.txt");
        File.WriteAllLines(lines, Enumerable.Range(0, 100).Select(index => index % 2 == 0 ? "abcab" : "cabca"));

        var (exitCode, _, error) = CliRunner.Run("train", "text-tang-gumbel", "--data", "lines:" + lines, "--pretrain-steps", "3", "--steps", "2", "--out", folder.File("run"));

        Assert.True(exitCode == 0, error);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.File("run"), "config.json")))!;
        Assert.Equal("lines", config["preset"]!["data"]!["corpus"]!.GetValue<string>());
        Assert.Equal(lines, config["preset"]!["data"]!["path"]!.GetValue<string>());
        // Every character is one of the file's (an untrained G may also emit the vocabulary's unknown token).
        Assert.All(File.ReadAllLines(Path.Combine(folder.File("run"), "samples.txt")), line => Assert.True(line.Replace("<unk>", "").All(character => "abc".Contains(character)), line));
    }

    [Theory]
    [InlineData("text-tang-gumbel", "lines:/no/such/corpus.txt", "/no/such/corpus.txt: no such text file")]
    [InlineData("mlp-mnist", "ring", "data toy ring is 2-D points: it needs model family toy, not MlpGan")]
    [InlineData("toy-ring", "tang", "data text tang is token sequences: it needs model family text-gru or text-lstm")]
    [InlineData("mlp-mnist", "cifar", "--data 'cifar' is not known: use mnist, fashion-mnist")]
    public void Should_refuse_data_the_preset_cannot_train_on(string preset, string data, string expected)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = CliRunner.Run("train", preset, "--data", data, "--steps", "1", "--out", folder.File("run"));
        OneLine(exitCode, error, expected);
    }

    [Fact]
    public void Should_name_a_missing_GANLAB_DATA_folder_and_data_of_the_wrong_shape()
    {
        using var folder = new TemporaryFolder();
        var missing = WithData(folder.File("nowhere"), "train", "mlp-mnist", "--steps", "1", "--out", folder.File("a"));
        var wide = DataFolder(folder, "mnist", 64, index => (byte)(index % 10), side: 32);
        var wrongShape = WithData(wide, "train", "mlp-mnist", "--steps", "1", "--out", folder.File("b"));

        OneLine(missing.ExitCode, missing.Error, $"GANLAB_DATA={folder.File("nowhere")}: no such folder");
        OneLine(wrongShape.ExitCode, wrongShape.Error, "mnist: 64 images: data has examples of shape [1, 32, 32] but the model trains on [1, 28, 28]");
    }
}
