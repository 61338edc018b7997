using GanLab.Privacy;
using static TorchSharp.torch;

namespace GanLab.Training;

// DP-SGD for D (AdversarialPhase.Privacy): the part of the adversarial step that touches real data, made private.
internal sealed partial class AdversarialStep
{
    private readonly RenyiLedger? ledger;
    private double samplingRate;
    // D's layers for the batched per-example formulas, looked up once (null: one pass per example).
    private LayerChain? chain;

    private RenyiLedger PrivateLedger(PrivacySettings privacy)
    {
        var owner = $"training.phases.{phase.Name}.privacy";
        if (Context.Model.DiscriminatorUsesBatchStatistics)
            throw new ArgumentException($"{owner}: this D normalises with batch statistics (BatchNorm), which mixes examples, so no example's gradient can be clipped alone; use a D with GroupNorm or no normalisation.", owner);
        if (phase.Loss == LossKind.Relativistic)
            throw new ArgumentException($"{owner}: the relativistic loss pairs every real score with a generated one, so a real example's gradient cannot be clipped alone; use another loss.", owner);
        if (realNeedsGradients)
            throw new ArgumentException($"{owner}: R1 and the gradient penalty read real samples outside the clipped per-example gradients; remove them (R2, on generated samples, is allowed).", owner);
        samplingRate = (double)Context.Plan.BatchSize / Context.Batches.Count;
        chain = PerExampleGradients.ChainOf(Context.Model.Discriminator!);
        return new RenyiLedger(samplingRate, privacy.NoiseMultiplier, privacy.Delta);
    }

    // A Poisson batch of real examples and a fixed batch of generated ones (classes drawn at random, never the real
    // labels), each example's gradient clipped to C, Gaussian noise on the sum, divided by the expected batch size.
    // Generated samples are no one's data, but they are clipped like the real ones (as Opacus' DCGAN does): unclipped,
    // their full-size gradients outweighed the clipped real ones and D called everything fake (D(x) 0.01). The
    // history's d_loss and D(x) are computed on real data and are not covered by the guarantee: the networks and
    // their samples are.
    private (double Loss, double Real, double Fake, double GradientNorm) UpdateDiscriminatorPrivately(int step, int stepInPhase, bool measure)
    {
        using var scope = NewDisposeScope();
        var model = Context.Model;
        var privacy = phase.Privacy!;
        var (batch, labels) = Context.Batches.Poisson(samplingRate);
        var real = AsJudged(model.PrepareReal(batch), stepInPhase);
        var fakeLabels = model.IsConditional ? randint(model.ClassCount, new long[] { Context.Plan.BatchSize }, generator: Context.Random).to(Context.Device) : null;
        Tensor fake;
        using (no_grad()) fake = model.Generator.call(model.GeneratorInput(Context.Noise(Context.Plan.BatchSize), fakeLabels));
        fake = Regularisers.NeedsFakeGradientsAt(phase.Regularisers, stepInPhase, phase.Steps) ? fake.detach().requires_grad_(true) : fake.detach();
        var noisyFake = AsJudged(fake, stepInPhase);
        Tensor Critic(Tensor samples, Tensor? classes) => model.Discriminator!.call(model.DiscriminatorInput(samples, classes));
        var count = (int)real.shape[0];
        var (parameters, sum, scores) = ClippedSum(model.DiscriminatorInput(real, labels), model.DiscriminatorInput(noisyFake.detach(), fakeLabels), privacy);
        var realScores = scores.narrow(0, 0, count);
        var fakeScores = scores.narrow(0, count, scores.shape[0] - count);
        Tensor? penalty = null;
        foreach (var regulariser in phase.Regularisers)
        {
            var weight = regulariser.WeightAt(stepInPhase, phase.Steps);
            if (weight <= 0) continue;
            var term = Regularisers.Penalty(regulariser.Kind, weight, new PenaltyInputs(real, fake, realScores, Critic(noisyFake, fakeLabels), samples => Critic(samples, fakeLabels), Context.Random));
            penalty = penalty is null ? term : penalty + term;
        }
        var realTerm = count > 0 ? Losses.DiscriminatorRealTerms(phase.Loss, realScores, phase.RealLabel).mean() : zeros(1, device: Context.Device).squeeze();
        var loss = realTerm + Losses.DiscriminatorFakeTerms(phase.Loss, fakeScores).mean() + (penalty?.detach() ?? zeros(1, device: Context.Device).squeeze());
        // An empty Poisson batch (likely only in tiny tests) reports D(x) of a zero score.
        var reportedReal = Losses.ReportedScore(phase.Loss, count > 0 ? realScores : zeros(1, 1, device: Context.Device));
        var values = stack(new[] { loss, reportedReal, Losses.ReportedScore(phase.Loss, fakeScores) }).cpu().data<float>().ToArray();
        var expectedBatch = samplingRate * Context.Batches.Count;
        var (value, norm) = discriminatorOptimizer.Update(penalty, values[0], step, Columns.DiscriminatorLoss, measure,
            () => PrivateGradients.AddNoisyMean(parameters, sum, privacy.NoiseMultiplier, privacy.ClipNorm, expectedBatch, Context.Random));
        return (value, values[1], values[2], norm);
    }

    // The clipped sum over the real and generated examples by the per-layer formulas in one pass when D is a chain of
    // layers they cover, else one pass per example; both give every example's score (no gradient) for the history.
    private (IReadOnlyList<Tensor> Parameters, Tensor[] Sum, Tensor Scores) ClippedSum(Tensor realInput, Tensor fakeInput, PrivacySettings privacy)
    {
        var discriminator = Context.Model.Discriminator!;
        var count = realInput.shape[0];
        var input = cat(new[] { realInput, fakeInput });
        Tensor Terms(Tensor scores) => cat(new[]
        {
            Losses.DiscriminatorRealTerms(phase.Loss, scores.narrow(0, 0, count), phase.RealLabel),
            Losses.DiscriminatorFakeTerms(phase.Loss, scores.narrow(0, count, scores.shape[0] - count)),
        });
        if (chain is not null)
        {
            Tensor? seen = null;
            var (chainParameters, chainSum, _) = PerExampleGradients.ClippedSum(chain, input, scores => Terms(seen = scores), privacy.ClipNorm, privacy.Normalise, privacy.PerLayer);
            return (chainParameters, chainSum, seen!.detach());
        }
        var parameters = discriminator.parameters().Where(parameter => parameter.requires_grad).ToList();
        var (sum, _) = PrivateGradients.ClippedSum(parameters, (int)input.shape[0], index => (index < count
            ? Losses.DiscriminatorRealTerms(phase.Loss, discriminator.call(input.narrow(0, index, 1)), phase.RealLabel)
            : Losses.DiscriminatorFakeTerms(phase.Loss, discriminator.call(input.narrow(0, index, 1)))).sum(), privacy.ClipNorm, privacy.Normalise, privacy.PerLayer);
        Tensor allScores;
        using (no_grad()) allScores = discriminator.call(input);
        return (parameters, sum, allScores);
    }
}
