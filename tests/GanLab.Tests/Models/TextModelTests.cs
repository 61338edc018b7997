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
}
