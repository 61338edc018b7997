using GanLab.Data;
using GanLab.Experiments.Text;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Training.Text;

/// <summary>
/// Trains a text generator: MLE (teacher forcing) for <see cref="TextTrainingConfig.PretrainSteps"/>, then the
/// adversarial phase of SeqGAN (policy gradient, Monte Carlo rollout rewards from a CNN D) or of the Gumbel GRU GAN
/// (relaxed tokens, D's gradient straight into G). One seeded random stream drives everything.
/// </summary>
public sealed class TextGanTrainer : IDisposable
{
    private readonly Module<Tensor, Tensor> generatorModule;
    private readonly MiniBatches batches;
    private readonly Generator random;
    private readonly optim.Optimizer likelihoodOptimizer;
    private readonly optim.Optimizer? adversarialOptimizer;
    private readonly optim.Optimizer? discriminatorOptimizer;
    private readonly Device device;
    private bool discriminatorPretrained;

    /// <summary>Prepares training; <paramref name="discriminator"/> is null for MLE runs.</summary>
    public TextGanTrainer(TextMethod method, ITextGenerator generator, Module<Tensor, Tensor>? discriminator, Tensor sequences,
        TextTrainingConfig config, Device device, Generator random)
    {
        config.Validate();
        if (sequences.dim() != 2 || sequences.shape[1] != generator.SequenceLength)
            throw new ArgumentException($"training sequences must be [N, {generator.SequenceLength}] token ids, got [{string.Join(", ", sequences.shape)}].", nameof(sequences));
        if ((method == TextMethod.MaximumLikelihood) != (discriminator is null))
            throw new ArgumentException($"{method} {(discriminator is null ? "needs" : "takes no")} discriminator.", nameof(discriminator));
        Method = method;
        Generator = generator;
        generatorModule = (Module<Tensor, Tensor>)generator;
        Discriminator = discriminator;
        Config = config;
        this.random = random;
        this.device = device;
        // The relaxed tokens' Gumbel noise comes from the run's stream too, so a seed repeats a run exactly.
        if (generator is GumbelGruGenerator gumbel) gumbel.NoiseSource = random;
        generatorModule.to(device);
        discriminator?.to(device);
        batches = new MiniBatches(sequences, config.BatchSize, device, random);
        likelihoodOptimizer = optim.Adam(generatorModule.parameters(), config.PretrainLearningRate);
        if (discriminator is not null)
        {
            adversarialOptimizer = optim.Adam(generatorModule.parameters(), config.GeneratorLearningRate, config.Beta1);
            discriminatorOptimizer = optim.Adam(discriminator.parameters(), config.DiscriminatorLearningRate, config.Beta1);
        }
    }

    /// <summary>MLE, SeqGAN or Gumbel.</summary>
    public TextMethod Method { get; }
    /// <summary>The generator being trained.</summary>
    public ITextGenerator Generator { get; }
    /// <summary>The discriminator (null for MLE).</summary>
    public Module<Tensor, Tensor>? Discriminator { get; }
    /// <summary>The schedule.</summary>
    public TextTrainingConfig Config { get; }
    /// <summary>Steps done.</summary>
    public int Step { get; private set; }
    /// <summary>Per-step record.</summary>
    public TextHistory History { get; } = new();
    /// <summary>True while the next step is an MLE step.</summary>
    public bool InPretraining => Step < Config.PretrainSteps;

    /// <summary>One generator step of the current phase; returns its history row.</summary>
    public TextHistoryRow TrainStep()
    {
        var step = Step + 1;
        generatorModule.train();
        TextHistoryRow row;
        if (step <= Config.PretrainSteps) row = new TextHistoryRow(step, "mle", LikelihoodStep(step), double.NaN, double.NaN, double.NaN, double.NaN);
        else
        {
            if (!discriminatorPretrained)
            {
                for (var repeat = 0; repeat < Config.DiscriminatorPretrainSteps; repeat++) DiscriminatorStep(step);
                discriminatorPretrained = true;
            }
            row = Method == TextMethod.SeqGan ? SeqGanStep(step) : GumbelStep(step);
        }
        History.Add(row);
        Step = step;
        return row;
    }

    /// <summary>SeqGAN's reward of each token of <paramref name="sequences"/> [B, T]: the mean D probability of
    /// <see cref="TextTrainingConfig.Rollouts"/> completions of its prefix (the last token: D of the sequence itself).</summary>
    public Tensor RolloutRewards(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var model = (LstmLanguageModel)Generator;
        var discriminator = Discriminator!;
        discriminator.eval();
        var batch = sequences.shape[0];
        var rewards = new List<Tensor>();
        foreach (var completed in model.Rollouts(sequences, Config.Rollouts, random))
            rewards.Add(sigmoid(discriminator.call(completed)).view(Config.Rollouts, batch).mean(new long[] { 0 }));
        rewards.Add(sigmoid(discriminator.call(sequences)).view(batch));
        discriminator.train();
        return stack(rewards, 1).MoveToOuterDisposeScope();
    }

    private double LikelihoodStep(int step)
    {
        using var scope = NewDisposeScope();
        return MaximumLikelihood.Step(Generator, batches.Next(), likelihoodOptimizer, random, step);
    }

    private TextHistoryRow SeqGanStep(int step)
    {
        double generatorLoss;
        using (var scope = NewDisposeScope())
        {
            var samples = Generator.SampleTokens(Config.BatchSize, random);
            var rewards = RolloutRewards(samples);
            // REINFORCE with the rollout reward as each token's return (SeqGAN eq. 5-8, no baseline).
            var loss = -(Generator.TokenLogProbabilities(samples, random) * rewards).sum(1).mean();
            generatorLoss = Update(adversarialOptimizer!, loss, step, "g_loss");
        }
        var discriminator = (Loss: double.NaN, Real: double.NaN, Fake: double.NaN);
        for (var repeat = 0; repeat < Config.DiscriminatorSteps; repeat++) discriminator = DiscriminatorStep(step);
        return new TextHistoryRow(step, "adversarial", generatorLoss, discriminator.Loss, discriminator.Real, discriminator.Fake, double.NaN);
    }

    private TextHistoryRow GumbelStep(int step)
    {
        var gumbel = (GumbelGruGenerator)Generator;
        gumbel.Anneal(step - Config.PretrainSteps, Config.AdversarialSteps);
        var discriminator = (Loss: double.NaN, Real: double.NaN, Fake: double.NaN);
        for (var repeat = 0; repeat < Config.DiscriminatorSteps; repeat++) discriminator = DiscriminatorStep(step);
        double generatorLoss;
        using (var scope = NewDisposeScope())
        {
            var fake = generatorModule.call(Noise(Config.BatchSize));
            var loss = Losses.Generator(LossKind.NonSaturating, Discriminator!.call(fake));
            generatorLoss = Update(adversarialOptimizer!, loss, step, "g_loss");
        }
        return new TextHistoryRow(step, "adversarial", generatorLoss, discriminator.Loss, discriminator.Real, discriminator.Fake, gumbel.Temperature);
    }

    // D on a real batch and a fresh fake batch: token ids for SeqGAN's CNN, (relaxed) one-hot rows for the GRU D.
    private (double Loss, double Real, double Fake) DiscriminatorStep(int step)
    {
        using var scope = NewDisposeScope();
        var real = batches.Next();
        Tensor fake;
        if (Method == TextMethod.SeqGan) fake = Generator.SampleTokens(Config.BatchSize, random);
        else
        {
            real = functional.one_hot(real, Generator.VocabularySize).to_type(ScalarType.Float32);
            using (no_grad()) fake = generatorModule.call(Noise(Config.BatchSize));
            if (Config.R1Weight > 0) real = real.requires_grad_(true);
        }
        var realScores = Discriminator!.call(real);
        var fakeScores = Discriminator.call(fake.detach());
        var loss = Losses.Discriminator(LossKind.NonSaturating, realScores, fakeScores);
        if (Config.R1Weight > 0 && Method == TextMethod.Gumbel) loss = loss + Config.R1Weight / 2 * Losses.R1Penalty(realScores, real);
        var value = loss.item<float>();
        if (!float.IsFinite(value)) throw new TrainingDivergedException(step, "d_loss", value);
        discriminatorOptimizer!.zero_grad();
        loss.backward();
        discriminatorOptimizer.step();
        return (value, sigmoid(realScores).mean().item<float>(), sigmoid(fakeScores).mean().item<float>());
    }

    private double Update(optim.Optimizer optimizer, Tensor loss, int step, string name) =>
        MaximumLikelihood.Update(generatorModule, optimizer, loss, step, name);

    private Tensor Noise(long count) =>
        randn(new long[] { count, ((GumbelGruGenerator)Generator).LatentSize }, generator: random).to(device);

    /// <inheritdoc />
    public void Dispose()
    {
        batches.Dispose();
        likelihoodOptimizer.Dispose();
        adversarialOptimizer?.Dispose();
        discriminatorOptimizer?.Dispose();
    }
}
