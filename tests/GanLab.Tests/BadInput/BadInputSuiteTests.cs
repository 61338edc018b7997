using System.Diagnostics;
using GanLab.Benchmarks;
using GanLab.Core;
using GanLab.Data;
using GanLab.Experiments;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Tests.BadInput;

/// <summary>
/// Bad input a user can hand GanLab, each answered by a clear message naming the file or field. The cases covered
/// closer to their code: IDX files (Data/IdxFileTests: bad magic, wrong dimension count, wrong length, gzip damage),
/// checkpoints (Training/TrainerTests: another model, wrong shape, truncated on disk, NaN mid-training),
/// the command line (Cli/CommandLineTests). Here: text corpora, every config record, a process killed mid-save.
/// </summary>
public class BadInputSuiteTests
{
    [Fact]
    public void Should_read_a_UTF8_corpus_with_a_byte_order_mark_and_windows_line_endings()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("poems.txt");
        File.WriteAllBytes(path, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("兰叶春葳蕤，桂华秋皎洁。\r\n\r\nhello\r\n")).ToArray());

        var corpus = TextCorpus.Load(path);

        Assert.Equal(new[] { "兰叶春葳蕤，桂华秋皎洁。", "hello" }, corpus.Lines);
    }

    [Theory]
    [InlineData("empty", new byte[0], "holds no text (the file is empty); expected one sample per line.")]
    [InlineData("blank", new byte[] { 32, 10, 13, 10, 9, 10 }, "holds no text (only blank lines)")]
    [InlineData("latin-1", new byte[] { 0x61, 0x62, 0x0A, 0x63, 0xE9, 0x74, 0xE9, 0x0A }, "line 2 (byte 0xE9 at offset 4) is not valid UTF-8; save the file as UTF-8")]
    public void Should_refuse_an_unusable_text_corpus_naming_the_file(string name, byte[] content, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(name + ".txt");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Should_name_a_missing_text_corpus()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TextCorpus.Load("/no/such/corpus.txt"));

        Assert.Equal("/no/such/corpus.txt: no such text file (expected UTF-8 text, one sample per line).", error.Message);
    }

    public static TheoryData<string, Action, string> InvalidConfigs => new()
    {
        { "MlpGanConfig", () => new MlpGanConfig { GeneratorHiddenSizes = new[] { 256, 0 } }.Validate(), "generatorHiddenSizes" },
        { "MlpGanConfig", () => new MlpGanConfig { LatentSize = 0 }.Validate(), "latentSize must be a positive number, got 0" },
        { "DcganConfig", () => new DcganConfig { Channels = 7 }.Validate(), "channels" },
        { "DcganConfig", () => new DcganConfig { GeneratorFeatures = -1 }.Validate(), "generatorFeatures must be a positive number, got -1" },
        { "ToyGanConfig", () => new ToyGanConfig { Pack = 0 }.Validate(), "pack" },
        { "AdversarialPhase", () => new AdversarialPhase { DiscriminatorSteps = 0 }.Validate("phase"), "phase.discriminatorSteps" },
        { "AdversarialPhase", () => new AdversarialPhase { RealLabel = 0.2 }.Validate("phase"), "phase.realLabel" },
        { "OptimizerSettings", () => new AdversarialPhase { DiscriminatorOptimizer = new OptimizerSettings { Beta1 = 1.5 } }.Validate("phase"), "phase.discriminatorOptimizer.beta1" },
        { "TrainingPlan", () => new TrainingPlan { Phases = Array.Empty<Phase>() }.Validate(), "training.phases must list at least one phase" },
        { "TrainingPlan", () => new TrainingPlan { Phases = new Phase[] { new LikelihoodPhase(), new LikelihoodPhase() } }.Validate(), "the name 'mle' is used twice" },
        { "Preset", () => (Presets.ToyGrid with { Training = Presets.ToyGrid.Training with { BatchSize = 255 } }).Validate(), "training.batchSize (255) must be a multiple of model.pack (2)" },
        { "Preset", () => (Presets.ToyRing with { Model = new DcganConfig() }).Validate(), "data toy ring is 2-D points: it needs model family toy, not Dcgan" },
        { "BenchmarkSettings", () => new BenchmarkSettings { Repeats = 0 }.Validate(), "repeats" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Should_name_the_invalid_field_of_every_config_record(string record, Action validate, string expected)
    {
        var error = Assert.Throws<ArgumentException>(validate);

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{record}: '{error.Message}' does not name '{expected}'");
    }

    [Fact]
    public void Should_keep_the_last_checkpoint_loadable_when_the_process_is_killed_while_saving()
    {
        // Given `ganlab train` saving a 35 MB checkpoint after every step, in its own process
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        var checkpoint = Path.Combine(run, TrainingRun.CheckpointRelativePath);
        var killedMidSave = false;
        for (var attempt = 0; attempt < 3 && !killedMidSave; attempt++)
        {
            var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var training = StartCli(errors, "train", "mlp-mnist", "--steps", "500", "--checkpoint-every", "1", "--out", run);
            WaitFor(() => File.Exists(checkpoint) || training.HasExited, TimeSpan.FromMinutes(2));
            Assert.False(training.HasExited, "training ended before its first checkpoint: " + string.Join('\n', errors));

            // When the process is killed (SIGKILL) the moment a new save has started writing
            WaitFor(() => Leftovers(checkpoint).Any() || training.HasExited, TimeSpan.FromMinutes(1));
            training.Kill(entireProcessTree: true);
            training.WaitForExit();
            killedMidSave = Leftovers(checkpoint).Any();
        }

        // Then the kill landed inside a save (its temporary file is left), yet the checkpoint is whole and resumes
        Assert.True(killedMidSave, "no kill landed inside a checkpoint save in 3 attempts");
        using var resumed = TrainingRun.Resume(run);
        Assert.True(resumed.Trainer.Step >= 1);
        // And the next save clears the dead process's leftover
        resumed.SaveCheckpoint(run);
        Assert.Empty(Leftovers(checkpoint));
    }

    private static IEnumerable<string> Leftovers(string checkpoint) =>
        Directory.Exists(Path.GetDirectoryName(checkpoint))
            ? Directory.EnumerateFiles(Path.GetDirectoryName(checkpoint)!, "." + Path.GetFileName(checkpoint) + ".*.tmp")
            : Enumerable.Empty<string>();

    private static Process StartCli(System.Collections.Concurrent.ConcurrentQueue<string> errors, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GanLab.Cli.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        // Both pipes drained in the background so a full pipe never blocks the child.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) errors.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"condition not met within {timeout}");
            Thread.SpinWait(2000);
        }
    }
}
