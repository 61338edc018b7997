using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>SeqGAN's step (<see cref="PolicyGradientPhase"/>): REINFORCE with Monte Carlo rollout rewards for G, then D
/// retrained on real batches and fresh samples.</summary>
public sealed class PolicyGradientStep : TrainingStep
{
    private readonly PolicyGradientPhase phase;
    private readonly LstmLanguageModel generator;
    private readonly nn.Module<Tensor, Tensor> discriminator;
    private readonly NetworkOptimizer generatorOptimizer;
    private readonly NetworkOptimizer discriminatorOptimizer;

    internal PolicyGradientStep(StepContext context, PolicyGradientPhase phase) : base(context)
    {
        this.phase = phase;
        generator = context.Model.Generator as LstmLanguageModel
                    ?? throw new ArgumentException($"phase '{phase.Name}' is SeqGAN's policy gradient, which needs the LSTM text generator (model family text-lstm).", "model");
        discriminator = context.Model.Discriminator ?? throw new ArgumentException($"phase '{phase.Name}' needs a discriminator; set the model's discriminator to cnn.", "model");
        generatorOptimizer = Optimizer("generator", generator, phase.GeneratorOptimizer);
        discriminatorOptimizer = Optimizer("discriminator", discriminator, phase.DiscriminatorOptimizer);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Run(int step, int stepInPhase)
    {
        ScheduleOptimizers(stepInPhase, phase.Steps);
        var measure = Context.MeasuresGradients(step);
        if (stepInPhase == 1)
            for (var repeat = 0; repeat < phase.DiscriminatorWarmupSteps; repeat++) UpdateDiscriminator(step, false);
        (double Loss, double GradientNorm) generatorUpdate;
        using (var scope = NewDisposeScope())
        {
            var samples = generator.SampleTokens(Context.Plan.BatchSize, Context.Random);
            var rewards = RolloutRewards(generator, discriminator, samples, phase.Rollouts, Context.Random);
            // REINFORCE with the rollout reward as each token's return (SeqGAN eq. 5-8, no baseline).
            var loss = -(generator.TokenLogProbabilities(samples, Context.Random) * rewards).sum(1).mean();
            generatorUpdate = generatorOptimizer.Update(loss, step, Columns.GeneratorLoss, measure);
        }
        (double Loss, double Real, double Fake, double GradientNorm) discriminatorUpdate = (double.NaN, double.NaN, double.NaN, double.NaN);
        for (var repeat = 0; repeat < phase.DiscriminatorSteps; repeat++) discriminatorUpdate = UpdateDiscriminator(step, measure);
        return new Dictionary<string, double>
        {
            [Columns.DiscriminatorLoss] = discriminatorUpdate.Loss, [Columns.GeneratorLoss] = generatorUpdate.Loss,
            [Columns.DiscriminatorReal] = discriminatorUpdate.Real, [Columns.DiscriminatorFake] = discriminatorUpdate.Fake,
            [Columns.GeneratorGradientNorm] = generatorUpdate.GradientNorm, [Columns.DiscriminatorGradientNorm] = discriminatorUpdate.GradientNorm,
        };
    }

    /// <summary>SeqGAN's reward of each token of <paramref name="sequences"/> [B, T]: the mean D probability of
    /// <paramref name="rollouts"/> completions of its prefix (the last token: D of the sequence itself), [B, T].</summary>
    public static Tensor RolloutRewards(LstmLanguageModel generator, nn.Module<Tensor, Tensor> discriminator, Tensor sequences, int rollouts, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        discriminator.eval();
        try
        {
            var batch = sequences.shape[0];
            var rewards = new List<Tensor>();
            foreach (var completed in generator.Rollouts(sequences, rollouts, random))
                rewards.Add(sigmoid(discriminator.call(completed)).view(rollouts, batch).mean(new long[] { 0 }));
            rewards.Add(sigmoid(discriminator.call(sequences)).view(batch));
            return stack(rewards, 1).MoveToOuterDisposeScope();
        }
        finally { discriminator.train(); }
    }

    // D on a real batch (token ids) and a fresh batch of G's samples.
    private (double Loss, double Real, double Fake, double GradientNorm) UpdateDiscriminator(int step, bool measure)
    {
        using var scope = NewDisposeScope();
        var real = Context.Batches.Next();
        var fake = generator.SampleTokens(Context.Plan.BatchSize, Context.Random);
        var realScores = discriminator.call(real);
        var fakeScores = discriminator.call(fake.detach());
        var (value, norm) = discriminatorOptimizer.Update(Losses.Discriminator(LossKind.NonSaturating, realScores, fakeScores), step, Columns.DiscriminatorLoss, measure);
        return (value, sigmoid(realScores).mean().item<float>(), sigmoid(fakeScores).mean().item<float>(), norm);
    }
}
