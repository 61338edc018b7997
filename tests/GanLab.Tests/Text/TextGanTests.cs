using GanLab.Core;
using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Experiments.Text;
using GanLab.Models.Text;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Text;

/// <summary>Tiny text presets of each method: 4 MLE steps, then 3 adversarial steps (SeqGAN or Gumbel).</summary>
internal static class TinyText
{
    public static Preset SeqGan(string data = "tang") => Preset(new LstmTextGanConfig { SequenceLength = 12, EmbeddingSize = 16, HiddenSize = 24, DiscriminatorFilterScale = 0.1 }, data,
        new PolicyGradientPhase { Name = "adversarial", Steps = 3, Rollouts = 2, DiscriminatorWarmupSteps = 2, DiscriminatorSteps = 2 });

    public static Preset Gumbel(string data = "tang") => Preset(new GumbelTextGanConfig { SequenceLength = 12, EmbeddingSize = 16, HiddenSize = 24, LatentSize = 8 }, data,
        new AdversarialPhase { Steps = 3, DiscriminatorSteps = 2, DiscriminatorWarmupSteps = 2, GeneratorOptimizer = new OptimizerSettings { LearningRate = 1e-2, Beta1 = 0.9, GradientClip = 5 },
            DiscriminatorOptimizer = new OptimizerSettings { LearningRate = 1e-4, Beta1 = 0.9 } }.WithRegulariser(RegulariserKind.R1, 1));

    public static Preset Likelihood(string data = "tang", int steps = 4) =>
        Preset(new LstmTextGanConfig { SequenceLength = 12, EmbeddingSize = 16, HiddenSize = 24, Discriminator = TextDiscriminatorKind.None }, data) with
        {
            Training = new TrainingPlan { BatchSize = 16, FixedSampleCount = 0, SampleEvery = 0, CheckpointEvery = 0, Phases = new Phase[] { new LikelihoodPhase { Steps = steps } } },
        };

    private static Preset Preset(GanLab.Models.ModelConfig model, string data, params Phase[] adversarial) => new("tiny", "test", TextData.FromName(data), model,
        new TrainingPlan { BatchSize = 16, FixedSampleCount = 0, SampleEvery = 0, CheckpointEvery = 0, Phases = new Phase[] { new LikelihoodPhase { Steps = 4 } }.Concat(adversarial).ToList() },
        new EvaluationSettings { Every = 0, Samples = 50, FinalSamples = 50 });
}

public class TextGanTests
{
    [Fact]
    public void Should_draw_tokens_with_the_softmax_probabilities()
    {
        // Given logits for four tokens with probabilities 0.1, 0.2, 0.3, 0.4
        TorchRuntime.EnsureLoaded();
        var logits = tensor(new[] { 0.1f, 0.2f, 0.3f, 0.4f }).log().unsqueeze(0).expand(40_000, 4).contiguous();

        // When one token is drawn per row
        var tokens = TokenSampling.Draw(logits, new Generator(3)).squeeze(1);
        var shares = Enumerable.Range(0, 4).Select(token => (tokens == token).sum().item<long>() / 40_000.0).ToArray();

        // Then the shares match within sampling noise (standard deviation <= 0.0025) and every id is valid
        Assert.Equal(new[] { 0.1, 0.2, 0.3, 0.4 }, shares, (expected, actual) => Math.Abs(expected - actual) < 0.01);
        Assert.True((tokens >= 0).all().item<bool>() && (tokens < 4).all().item<bool>());
    }

    [Fact]
    public void Should_keep_each_prefix_in_its_rollouts_and_reward_every_token()
    {
        // Given a small language model and three sequences of length 6
        TorchRuntime.EnsureLoaded();
        using var model = new LstmLanguageModel(20, 8, 8, startToken: 0, sequenceLength: 6);
        var sequences = model.Sample(3, 6, new Generator(1));

        // When 4 rollouts complete every prefix
        var completions = model.Rollouts(sequences, 4, new Generator(2));

        // Then there is one [4 * 3, 6] batch per prefix length 1..5, starting with that prefix (rollout-major)
        Assert.Equal(5, completions.Count);
        for (var prefix = 1; prefix <= 5; prefix++)
        {
            var completed = completions[prefix - 1];
            Assert.Equal(new long[] { 12, 6 }, completed.shape);
            Assert.True((completed.narrow(1, 0, prefix) == sequences.repeat(4, 1).narrow(1, 0, prefix)).all().item<bool>());
        }
        // ... and rollouts differ somewhere after the prefix (they are samples, not copies)
        Assert.False((completions[0].narrow(0, 0, 3) == completions[0].narrow(0, 3, 3)).all().item<bool>());
    }

    [Fact]
    public void Should_reward_each_token_with_a_probability_and_train_seqgan_without_leaking_tensors()
    {
        // Given a tiny SeqGAN run past pretraining and its first adversarial step
        using var run = TrainingRun.Start(TinyText.SeqGan());
        using var folder = new TemporaryFolder();
        run.Train(folder.Path, stopAt: 5);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        var live = statistics.ThreadTotalLiveCount;

        // When rewards are computed and two more adversarial steps run
        long[] shape;
        float smallest, largest;
        using (NewDisposeScope())
        {
            var generator = (LstmLanguageModel)run.Model.Generator;
            var rewards = PolicyGradientStep.RolloutRewards(generator, run.Model.Discriminator!, generator.SampleTokens(16, new Generator(9)), 2, new Generator(10));
            (shape, smallest, largest) = (rewards.shape, rewards.min().item<float>(), rewards.max().item<float>());
        }
        run.Train(folder.Path);

        // Then rewards are [16, 12] probabilities, the history shows both phases, and no tensor was left behind
        Assert.Equal(new long[] { 16, 12 }, shape);
        Assert.True(smallest > 0 && largest < 1, $"rewards in [{smallest}, {largest}]");
        Assert.Equal(new[] { "mle", "mle", "mle", "mle", "adversarial", "adversarial", "adversarial" }, run.Trainer.History.Rows.Select(row => row.Phase));
        Assert.All(run.Trainer.History.Rows.Skip(4), row => Assert.InRange(row.DiscriminatorReal, 0, 1));
        Assert.Equal(live, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_repeat_a_gumbel_run_exactly_and_measure_it_at_the_end()
    {
        // Given two tiny Gumbel runs with the same seed
        using var first = TrainingRun.Start(TinyText.Gumbel());
        using var second = TrainingRun.Start(TinyText.Gumbel());
        using var folder = new TemporaryFolder();

        // When both train to the end
        first.Train(folder.File("first"));
        second.Train(folder.File("second"));

        // Then their histories are identical, the temperature fell, and the final row carries the Tang metrics
        Assert.Equal(first.Trainer.History.ToCsv(), second.Trainer.History.ToCsv());
        var adversarial = first.Trainer.History.Rows.Where(row => row.Phase == "adversarial").ToList();
        Assert.True(adversarial[^1][Columns.Temperature] < adversarial[0][Columns.Temperature]);
        var metrics = first.Trainer.History.Rows[^1].Metrics!;
        foreach (var name in new[] { "nll_test", "bleu2", "bleu5", "self_bleu2", "novelty3", "copy_rate", "tang_shape" }) Assert.True(metrics.ContainsKey(name), name);
        Assert.InRange(metrics["bleu2"], 0, 1);
        Assert.NotNull(first.Trainer.History.MetricsAtEndOf("mle"));
    }

    [Fact]
    public void Should_lower_nll_test_by_mle_on_the_oracle_and_score_samples_with_nll_oracle()
    {
        // Given the oracle benchmark's data with an MLE-only run
        var preset = new Preset("oracle-mle", "test", new TextData("oracle"), new LstmTextGanConfig { Discriminator = TextDiscriminatorKind.None },
            new TrainingPlan { FixedSampleCount = 0, SampleEvery = 0, CheckpointEvery = 0, Phases = new Phase[] { new LikelihoodPhase { Steps = 60 } } },
            new EvaluationSettings { Every = 0, Samples = 200, FinalSamples = 200 });
        using var run = TrainingRun.Start(preset);
        var data = (TextRunData)run.Data;
        var before = data.Measure(run, 200);
        using var folder = new TemporaryFolder();

        // When it trains 60 steps
        run.Train(folder.Path);
        var after = run.LatestMetrics!;

        // Then the benchmark has 10,000 training sequences of 20 tokens, and both NLLs fall from near uniform (ln 5000 = 8.5)
        Assert.Equal(new long[] { 10_000, 20 }, data.Task.Training.shape);
        Assert.True(before["nll_test"] > 8.3, $"untrained NLL-test {before["nll_test"]}");
        Assert.True(after["nll_test"] < before["nll_test"] - 0.3, $"NLL-test {before["nll_test"]} -> {after["nll_test"]}");
        Assert.True(after["nll_oracle"] < before["nll_oracle"], $"NLL-oracle {before["nll_oracle"]} -> {after["nll_oracle"]}");
    }

    [Fact]
    public void Should_draw_the_oracle_sets_once_per_process_and_hand_each_task_its_own_copy()
    {
        // Given the oracle task loaded, disposed, and loaded again (the second load copies the first draw)
        Tensor firstHeldOut;
        using (var first = TextTask.Load("oracle", 20)) firstHeldOut = first.HeldOut.clone();
        using var second = TextTask.Load("oracle", 20);

        // Then the second task's sets survived the first one's disposal and are the draw itself: the oracle's
        // held-out stream (generator 2018) sampled afresh gives the same sequences
        using var oracle = new SyntheticOracle(length: 20);
        Assert.True(second.HeldOut.eq(oracle.Sample(TextTask.OracleHeldOutCount, new Generator(2018))).all().item<bool>());
        Assert.True(second.HeldOut.eq(firstHeldOut).all().item<bool>());
        Assert.Equal(new long[] { TextTask.OracleTrainingCount, 20 }, second.Training.shape);
    }

    [Fact]
    public void Should_skip_convolution_windows_wider_than_the_sequence()
    {
        TorchRuntime.EnsureLoaded();
        using var paper = new CnnTextDiscriminator(100, 20);
        using var shortLines = new CnnTextDiscriminator(100, 12, filterScale: 0.5);
        Assert.Equal(CnnTextDiscriminator.PaperFilters.Sum(), paper.FeatureSize);
        // Widths 15 and 20 (160 filters each) do not fit 12 tokens; the rest are halved.
        Assert.Equal((CnnTextDiscriminator.PaperFilters.Sum() - 320) / 2, shortLines.FeatureSize);
        Assert.Equal(new long[] { 5, 1 }, shortLines.call(randint(0, 100, new long[] { 5, 12 })).shape);
    }

    [Fact]
    public void Should_name_the_text_file_that_cannot_be_used()
    {
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        var empty = Path.Combine(folder, "empty.txt");
        File.WriteAllText(empty, "");
        var tooShort = Path.Combine(folder, "short.txt");
        File.WriteAllLines(tooShort, new[] { "one", "two", "three" });
        Assert.Contains("empty.txt: holds no text (the file is empty)", Assert.Throws<InvalidDataException>(() => TextTask.Load("lines:" + empty, 12)).Message);
        Assert.Contains("short.txt: 3 lines; a text GAN needs at least 20", Assert.Throws<InvalidDataException>(() => TextTask.Load("lines:" + tooShort, 12)).Message);
        Assert.Contains("text data set 'poems' is not known", Assert.Throws<ArgumentException>(() => TextTask.Load("poems", 12)).Message);
        var mle = TinyText.Likelihood();
        var lstmWithGumbelPhase = mle with { Training = mle.Training with { Phases = mle.Training.Phases.Append(new AdversarialPhase { Steps = 3 }).ToList() } };
        Assert.Contains("training.phases.adversarial: an LSTM generator emits discrete tokens", Assert.Throws<ArgumentException>(lstmWithGumbelPhase.Validate).Message);
        var likelihoodOnImages = Presets.MlpMnist with { Training = mle.Training };
        Assert.Contains("training.phases.mle: maximum likelihood trains text generators", Assert.Throws<ArgumentException>(likelihoodOnImages.Validate).Message);
    }
}
