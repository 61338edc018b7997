using GanLab.Core;
using GanLab.Models;
using GanLab.Models.Text;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class TextModelTests
{
    [Fact]
    public void Should_build_the_same_oracle_from_the_same_seed_and_prefer_its_own_samples()
    {
        // Given two small oracles from one seed and one from another
        using var first = new SyntheticOracle(seed: 5, vocabularySize: 50, length: 8);
        using var second = new SyntheticOracle(seed: 5, vocabularySize: 50, length: 8);
        using var other = new SyntheticOracle(seed: 6, vocabularySize: 50, length: 8);

        // When each samples with the same stream
        var samples = first.Sample(400, new Generator(1));
        var again = second.Sample(400, new Generator(1));
        var uniform = randint(0, 50, new long[] { 400, 8 }, generator: new Generator(2));

        // Then same seed, same oracle; its own samples are far likelier to it than uniform tokens (ln 50 = 3.91 would be
        // a uniform model's NLL of anything)
        Assert.True((samples == again).all().item<bool>());
        Assert.False((samples == other.Sample(400, new Generator(1))).all().item<bool>());
        Assert.Equal(new long[] { 400, 8 }, samples.shape);
        Assert.True(first.NegativeLogLikelihood(samples) < first.NegativeLogLikelihood(uniform) - 1);
    }

    [Fact]
    public void Should_lower_the_NLL_oracle_of_a_generator_by_maximum_likelihood_training()
    {
        // Given oracle data and a fresh generator
        using var oracle = new SyntheticOracle(seed: 5, vocabularySize: 50, length: 8);
        var data = oracle.Sample(2000, new Generator(1));
        Seeding.SeedEverything(3).Dispose();
        using var generator = new LstmLanguageModel(50, 32, 32);
        var before = oracle.NegativeLogLikelihood(generator.Sample(500, 8, new Generator(4)));

        // When it is trained by MLE
        using var model = new GanModel(generator, null, new long[] { 8 }, SampleRange.Unbounded, 0);
        var plan = new TrainingPlan { FixedSampleCount = 0, Phases = new Phase[] { new LikelihoodPhase { Steps = 150 } } };
        using var trainer = new Trainer(model, data, plan, CPU, new Generator(5));
        trainer.Train();
        var losses = trainer.History.Rows.Select(row => row.GeneratorLoss).ToList();

        // Then its training NLL fell and the oracle finds its samples likelier
        Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average() - 0.5, $"training NLL {losses.Take(10).Average():F2} -> {losses.TakeLast(10).Average():F2}");
        var after = oracle.NegativeLogLikelihood(generator.Sample(500, 8, new Generator(4)));
        Assert.True(after < before - 0.5, $"NLL-oracle {before:F2} -> {after:F2}");
    }

    [Fact]
    public void Should_score_many_sequences_in_batches_as_one_cross_entropy_over_all_of_them()
    {
        // Given the oracle's vocabulary of 5,000, where 300 sequences of 20 tokens are split into batches of 80
        using var oracle = new SyntheticOracle(seed: 5, length: 20);
        var samples = oracle.Sample(300, new Generator(1));

        // When scored in batches and, another way, as one cross-entropy over every token at once
        var batched = oracle.NegativeLogLikelihood(samples);
        using var noGradient = no_grad();
        var whole = oracle.Model.NegativeLogLikelihood(samples).item<float>();

        // Then both agree to float precision (the oracle's own samples sit far below ln 5000 = 8.52)
        Assert.Equal(whole, batched, 3);
        Assert.True(batched < 8, $"NLL-oracle of its own samples {batched:F3}");
    }

    [Fact]
    public void Should_predict_each_next_token_from_the_start_token_under_teacher_forcing()
    {
        using var model = new LstmLanguageModel(12, 8, 16);
        var tokens = randint(0, 12, new long[] { 3, 5 });

        Assert.Equal(new long[] { 3, 5, 12 }, model.call(tokens).shape);
        Assert.InRange(model.NegativeLogLikelihood(tokens).item<float>(), 0.1, 10);
    }
}

public class GumbelTextGanTests
{
    [Fact]
    public void Should_emit_relaxed_one_hot_rows_and_score_each_sequence_once()
    {
        using var model = new GumbelTextGanConfig { VocabularySize = 30, SequenceLength = 6, HiddenSize = 16, EmbeddingSize = 8, LatentSize = 4 }.Build();

        var samples = model.Generator.call(randn(5, 4));

        Assert.Equal(new long[] { 5, 6, 30 }, samples.shape);
        Assert.True((samples.sum(2) - 1).abs().max().item<float>() < 1e-5);
        Assert.Equal(new long[] { 5, 1 }, model.RequiredDiscriminator.call(samples).shape);
    }

    [Fact]
    public void Should_anneal_the_temperature_geometrically_from_initial_to_final()
    {
        using var model = new GumbelTextGanConfig { VocabularySize = 10, InitialTemperature = 1, FinalTemperature = 0.01 }.Build();
        var generator = (GumbelGruGenerator)model.Generator;

        generator.Anneal(50, 100);

        Assert.Equal(0.1, generator.Temperature, 10);
        generator.Anneal(100, 100);
        Assert.Equal(0.01, generator.Temperature, 10);
    }

    [Fact]
    public void Should_keep_the_seed_articles_sizes_in_the_seed_config()
    {
        var seed = GumbelTextGanConfig.Seed;

        Assert.Equal((128, 50, 10_000, 512, 512, 2), (seed.LatentSize, seed.SequenceLength, seed.VocabularySize, seed.EmbeddingSize, seed.HiddenSize, seed.Layers));
        Assert.Contains("finalTemperature", Assert.Throws<ArgumentException>(() => (seed with { FinalTemperature = 5 }).Validate()).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(20)]
    public void Should_compute_each_text_convolution_as_conv1d_does(int width)
    {
        // Given a sequence [B, T, E] and a Conv1d of the given width
        random.manual_seed(11);
        using var sequence = randn(4, 20, 6);
        using var convolution = nn.Conv1d(6, 5, width);

        // When D's window form and the Conv1d itself compute it
        using var windows = CnnTextDiscriminator.Convolve(sequence, convolution);
        using var direct = convolution.call(sequence.transpose(1, 2)).transpose(1, 2);

        // Then both give [B, T - w + 1, F] with the same values
        Assert.Equal(new long[] { 4, 20 - width + 1, 5 }, windows.shape);
        Assert.True(windows.allclose(direct, 1e-5, 1e-5), $"largest difference {(windows - direct).abs().max().item<float>()}");
    }

    [Fact]
    public void Should_give_finite_gradients_to_the_cnn_discriminator_on_every_backward_pass()
    {
        // Given SeqGAN's D at the oracle's sizes (libtorch's Conv1d backward gave non-finite input gradients in 7-18 of
        // 100 passes of this D here)
        random.manual_seed(12);
        using var discriminator = new CnnTextDiscriminator(5000, 20, 64, 0.5);
        var bad = new List<string>();

        // When it scores 60 random real and generated batches and backpropagates each loss
        for (var pass = 0; pass < 60; pass++)
        {
            using var scope = NewDisposeScope();
            discriminator.zero_grad();
            var loss = Losses.Discriminator(LossKind.NonSaturating, discriminator.call(randint(0, 5000, new long[] { 64, 20 })), discriminator.call(randint(0, 5000, new long[] { 64, 20 })));
            loss.backward();
            bad.AddRange(discriminator.named_parameters().Where(pair => !pair.parameter.grad!.isfinite().all().item<bool>()).Select(pair => $"pass {pass}: {pair.name}"));
        }

        // Then every gradient of every pass is finite
        Assert.Empty(bad);
    }
}
