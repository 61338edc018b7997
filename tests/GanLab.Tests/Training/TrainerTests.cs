using GanLab.Core;
using GanLab.Experiments;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;

namespace GanLab.Tests.Training;

public class TrainerTests
{
    internal static Preset SmallMlp(int steps) => Presets.MlpMnist.WithSteps(steps) with
    {
        Training = Presets.MlpMnist.WithSteps(steps).Training with { BatchSize = 16, SampleEvery = 0, CheckpointEvery = 0 },
    };

    internal static Preset SmallDcgan(int steps) => Presets.DcganMnist.WithSteps(steps) with
    {
        Model = new DcganConfig { GeneratorFeatures = 8, DiscriminatorFeatures = 8 },
        Training = Presets.DcganMnist.WithSteps(steps).Training with { BatchSize = 8, SampleEvery = 0, CheckpointEvery = 0 },
    };

    internal static string TrainedHistory(Preset preset)
    {
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();
        return run.Trainer.History.ToCsv();
    }

    [Fact]
    public void Should_give_an_identical_history_for_the_same_seed_and_another_for_another_seed()
    {
        var first = TrainedHistory(SmallMlp(5));
        var second = TrainedHistory(SmallMlp(5));
        var otherSeed = TrainedHistory(SmallMlp(5) with { Training = SmallMlp(5).Training with { Seed = 2 } });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.StartsWith("step,phase,d_loss,g_loss,d_real,d_fake,g_grad_norm,d_grad_norm\n1,adversarial,", first);
        Assert.Equal(6, first.Trim().Split('\n').Length);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("dcgan")]
    public void Should_continue_exactly_after_a_resume(string family)
    {
        // Given a straight run of 8 steps, and a run of 4 steps saved to a checkpoint
        var preset = family == "mlp" ? SmallMlp(8) : SmallDcgan(8);
        var straight = TrainedHistory(preset);
        using var folder = new TemporaryFolder();
        using (var firstHalf = TrainingRun.Start(preset))
        {
            firstHalf.Trainer.Train(4);
            firstHalf.SaveCheckpoint(folder.Path);
        }

        // When a fresh process-like run loads it and trains to the end of its plan
        using var resumed = TrainingRun.Resume(folder.Path);
        Assert.Equal(4, resumed.Trainer.Step);
        resumed.Trainer.Train();

        // Then the history is byte-identical to the straight run (weights, Adam state, data order, noise all restored)
        Assert.Equal(straight, resumed.Trainer.History.ToCsv());
    }

    [Fact]
    public void Should_follow_a_decaying_schedule_exactly_when_stopped_and_resumed()
    {
        // Given the ring preset, whose learning rates decay over the second half of its 40 steps
        var preset = Presets.ToyRing.WithSteps(40) with { Training = Presets.ToyRing.WithSteps(40).Training with { CheckpointEvery = 0, SampleEvery = 0 } };
        var straight = TrainedHistory(preset);
        using var folder = new TemporaryFolder();

        // When a run stops at step 30 (inside the decay) and another process finishes the plan
        using (var stopped = TrainingRun.Start(preset))
        {
            stopped.Train(folder.Path, stopAt: 30);
            stopped.SaveCheckpoint(folder.Path);
        }
        using var resumed = TrainingRun.Resume(folder.Path);
        resumed.Train(folder.Path);

        // Then both histories are the same bytes, and the rate did decay (the last D losses differ from a constant-rate run)
        Assert.Equal(straight, resumed.Trainer.History.ToCsv());
        var constant = TrainedHistory(preset.WithAdversarial(phase => phase with
        {
            GeneratorOptimizer = phase.GeneratorOptimizer with { LearningRateSchedule = null },
            DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { LearningRateSchedule = null },
        }));
        Assert.NotEqual(straight, constant);
        Assert.Equal(straight.Split('\n').Take(21), constant.Split('\n').Take(21));
    }

    [Fact]
    public void Should_give_nearly_the_same_history_when_D_judges_real_and_fake_in_one_pass()
    {
        // Given the MLP preset on its default path (two D passes) and on the small-model path (one pass over both)
        var twoPasses = TrainedRows(SmallMlp(6));
        var onePass = TrainedRows(SmallMlp(6).WithAdversarial(phase => phase with { OnePassDiscriminator = true }));

        // Then step 1's D numbers, computed before any update, are identical (every row gets its own score); later
        // steps differ only by rounding (the batch's weight gradients are summed in another order)
        Assert.Equal((twoPasses[0].DiscriminatorLoss, twoPasses[0].DiscriminatorReal, twoPasses[0].DiscriminatorFake),
            (onePass[0].DiscriminatorLoss, onePass[0].DiscriminatorReal, onePass[0].DiscriminatorFake));
        Assert.All(onePass.Zip(twoPasses), pair => Assert.True(Math.Abs(pair.First.GeneratorLoss - pair.Second.GeneratorLoss) <= 1e-4 * Math.Max(1, Math.Abs(pair.Second.GeneratorLoss)),
            $"step {pair.First.Step}: g_loss {pair.First.GeneratorLoss} vs {pair.Second.GeneratorLoss}"));
        // And a D with BatchNorm refuses the one-pass path in one line naming the setting
        var error = Assert.Throws<ArgumentException>(() => TrainedRows(SmallDcgan(1).WithAdversarial(phase => phase with { OnePassDiscriminator = true })));
        Assert.Contains("training.phases.adversarial.onePassDiscriminator: this D normalises with batch statistics", error.Message);
    }

    private static IReadOnlyList<HistoryRow> TrainedRows(Preset preset)
    {
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();
        return run.Trainer.History.Rows;
    }

    [Fact]
    public void Should_refuse_a_checkpoint_of_another_model_listing_what_differs()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "mlp.ganlab");
        using (var mlp = TrainingRun.Start(SmallMlp(1))) mlp.Trainer.SaveCheckpoint(path);
        using var dcgan = TrainingRun.Start(SmallDcgan(1));

        var error = Assert.Throws<InvalidDataException>(() => dcgan.Trainer.LoadCheckpoint(path));

        Assert.StartsWith(path + ": checkpoint does not match this model:", error.Message);
        Assert.Contains("'generator.layers.project.weight' is missing", error.Message);
    }

    [Fact]
    public void Should_refuse_a_checkpoint_whose_shapes_differ()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "wide.ganlab");
        var wide = SmallMlp(1) with { Model = MlpGanConfig.Improved with { GeneratorHiddenSizes = new[] { 300, 512, 1024 } } };
        using (var run = TrainingRun.Start(wide)) run.Trainer.SaveCheckpoint(path);
        using var standard = TrainingRun.Start(SmallMlp(1));

        var error = Assert.Throws<InvalidDataException>(() => standard.Trainer.LoadCheckpoint(path));

        Assert.Contains("'generator.layers.linear0.weight' has shape [300, 100], the model expects [256, 100]", error.Message);
    }

    [Fact]
    public void Should_detect_a_checkpoint_truncated_on_disk()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "state.ganlab");
        using var run = TrainingRun.Start(SmallMlp(1));
        run.Trainer.SaveCheckpoint(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        var error = Assert.Throws<InvalidDataException>(() => run.Trainer.LoadCheckpoint(path));

        Assert.Equal($"{path}: checkpoint is truncated or damaged (checksum mismatch); use an earlier checkpoint or train again.", error.Message);
    }

    [Fact]
    public void Should_keep_the_previous_checkpoint_when_a_save_is_interrupted()
    {
        // Given a run folder with a good checkpoint at step 2
        using var folder = new TemporaryFolder();
        using var run = TrainingRun.Start(SmallMlp(3));
        run.Trainer.Train(2);
        run.SaveCheckpoint(folder.Path);
        var checkpoint = Path.Combine(folder.Path, TrainingRun.CheckpointRelativePath);

        // When the process dies while writing the next one (the write goes to a temporary file first)
        Assert.Throws<IOException>(() => AtomicFile.Write(checkpoint, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("killed");
        }));

        // Then the step-2 checkpoint still loads
        using var resumed = TrainingRun.Resume(folder.Path);
        Assert.Equal(2, resumed.Trainer.Step);
    }

    [Fact]
    public void Should_stop_on_a_NaN_loss_without_applying_the_update_and_keep_the_history()
    {
        // Given a trainer whose data turns to NaN after two good steps
        using var run = TrainingRun.Start(SmallMlp(10));
        run.Trainer.Train(2);
        var before = run.Model.RequiredDiscriminator.parameters().First().clone();
        var batches = typeof(Trainer).GetField("batches", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(run.Trainer)!;
        var examples = (torch.Tensor)typeof(GanLab.Data.MiniBatches).GetField("examples", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(batches)!;
        examples.fill_(float.NaN);

        // When training continues
        var error = Assert.Throws<TrainingDivergedException>(() => run.Trainer.Train(10));

        // Then it stops at step 3 naming d_loss, the weights are untouched, and the 2 good rows are kept
        Assert.Equal(3, error.Step);
        Assert.Contains("d_loss is NaN", error.Message);
        Assert.True((before == run.Model.RequiredDiscriminator.parameters().First()).all().item<bool>());
        Assert.Equal(2, run.Trainer.History.Rows.Count);
    }

    [Theory]
    [InlineData("dcgan")]
    [InlineData("modern")]
    public void Should_not_leak_tensors_across_training_steps(string family)
    {
        // Given a trainer past its first steps (Adam creates its state tensors then); "modern" is a tiny r3gan-mnist
        // with EMA, DiffAugment, spectral norm and lazy R1 + R2
        var preset = family == "dcgan" ? SmallDcgan(40) : GanLab.Tests.Models.ModernGanTests.SmallModern(40);
        using var run = TrainingRun.Start(preset with { Training = preset.Training with { SampleEvery = 5 } });
        run.Trainer.Hooks.Add(new NoHook());
        run.Trainer.Train(5);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        var liveAfterWarmUp = statistics.ThreadTotalLiveCount;

        // When 30 more steps run (with fixed-noise sampling every 5 steps)
        run.Trainer.Train(35);

        // Then the number of live tensors has not grown
        Assert.Equal(liveAfterWarmUp, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_name_the_invalid_training_setting()
    {
        Assert.StartsWith("training.batchSize must be a positive number", Assert.Throws<ArgumentException>(() => (SmallMlp(1).Training with { BatchSize = 0 }).Validate()).Message);
        Assert.StartsWith("training.phases.adversarial.generatorOptimizer.learningRate must be a positive number",
            Assert.Throws<ArgumentException>(() => SmallMlp(1).WithAdversarial(phase => phase with { GeneratorOptimizer = new OptimizerSettings { LearningRate = -1 } }).Validate()).Message);
        Assert.StartsWith("training.phases.adversarial.discriminatorSteps must be between 1 and 100",
            Assert.Throws<ArgumentException>(() => SmallMlp(1).WithAdversarial(phase => phase with { DiscriminatorSteps = 0 }).Validate()).Message);
        Assert.StartsWith("model.latentSize must be a positive number", Assert.Throws<ArgumentException>(() => (SmallMlp(1) with { Model = new MlpGanConfig { LatentSize = 0 } }).Validate()).Message);
    }

    [Fact]
    public void Should_decay_the_learning_rate_linearly_over_the_second_half()
    {
        var schedule = new Schedule(0.5, 0.1);
        Assert.Equal(1, schedule.Factor(50, 100));
        Assert.Equal(0.55, schedule.Factor(75, 100), 9);
        Assert.Equal(0.1, schedule.Factor(100, 100), 9);
        Assert.Equal(0.55, new Schedule(0.5, 0.1, Cosine: true).Factor(75, 100), 9);
        // A quarter of the way along half a cosine: 1 - 0.9 (1 - cos(pi / 4)) / 2 = 0.8682.
        Assert.Equal(0.868198, new Schedule(0, 0.1, Cosine: true).Factor(25, 100), 6);
    }

    [Fact]
    public void Should_anneal_instance_noise_linearly_to_zero()
    {
        var phase = new AdversarialPhase { Steps = 100, InstanceNoise = 0.2 };
        Assert.Equal(0.2, phase.InstanceNoiseAt(1), 9);
        Assert.Equal(0.1, phase.InstanceNoiseAt(51), 9);
        Assert.Equal(0.0, phase.InstanceNoiseAt(101), 9);
        Assert.Equal(0.0, new AdversarialPhase().InstanceNoiseAt(1));
    }

    private sealed class NoHook : ITrainingHook { }
}
