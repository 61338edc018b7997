using GanLab.Privacy;
using static TorchSharp.torch;

namespace GanLab.Training;

// DP-SGD for D (AdversarialPhase.Privacy): the part of the adversarial step that touches real data, made private.
internal sealed partial class AdversarialStep
{
    private readonly RenyiLedger? ledger;
    private double samplingRate;

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
        return new RenyiLedger(samplingRate, privacy.NoiseMultiplier, privacy.Delta);
    }

    // A Poisson batch of real examples, each one's gradient clipped to C, Gaussian noise on their sum, divided by the
    // expected batch size; generated samples (a fixed batch whose classes are drawn at random, never the real labels)
    // enter as usual, since they are no one's data. The history's d_loss and D(x) are computed on real data and are not
    // covered by the guarantee: the networks and their samples are.
    private (double Loss, double Real, double Fake, double GradientNorm) UpdateDiscriminatorPrivately(int step, int stepInPhase, bool measure)
    {
        using var scope = NewDisposeScope();
        var model = Context.Model;
        var privacy = phase.Privacy!;
        var (batch, labels) = Context.Batches.Poisson(samplingRate);
        var real = WithInstanceNoise(model.PrepareReal(batch), stepInPhase);
        var fakeLabels = model.IsConditional ? randint(model.ClassCount, new long[] { Context.Plan.BatchSize }, generator: Context.Random).to(Context.Device) : null;
        Tensor fake;
        using (no_grad()) fake = model.Generator.call(model.GeneratorInput(Context.Noise(Context.Plan.BatchSize), fakeLabels));
        fake = fakeNeedsGradients ? fake.detach().requires_grad_(true) : fake.detach();
        Tensor Critic(Tensor samples, Tensor? classes) => model.Discriminator!.call(model.DiscriminatorInput(samples, classes));
        var count = (int)real.shape[0];
        var (parameters, sum, realScores) = ClippedRealSum(real, labels, privacy.ClipNorm, Critic);
        var fakeScores = Critic(WithInstanceNoise(fake, stepInPhase), fakeLabels);
        var loss = Losses.DiscriminatorFakeTerms(phase.Loss, fakeScores).mean();
        foreach (var regulariser in phase.Regularisers)
        {
            var weight = regulariser.WeightAt(stepInPhase, phase.Steps);
            if (weight > 0) loss = loss + Regularisers.Penalty(regulariser.Kind, weight, new PenaltyInputs(real, fake, realScores, fakeScores, samples => Critic(samples, fakeLabels), Context.Random));
        }
        var realTerm = count > 0 ? Losses.DiscriminatorRealTerms(phase.Loss, realScores, phase.RealLabel).mean() : zeros(1, device: Context.Device).squeeze();
        var values = stack(new[] { loss.detach() + realTerm, Losses.ReportedScore(phase.Loss, realScores), Losses.ReportedScore(phase.Loss, fakeScores) }).cpu().data<float>().ToArray();
        var expectedBatch = samplingRate * Context.Batches.Count;
        var (value, norm) = discriminatorOptimizer.Update(loss, values[0], step, Columns.DiscriminatorLoss, measure,
            () => PrivateGradients.AddNoisyMean(parameters, sum, privacy.NoiseMultiplier, privacy.ClipNorm, expectedBatch, Context.Random));
        return (value, values[1], values[2], norm);
    }

    // The clipped sum by the per-layer formulas in one pass when D is a chain of layers they cover, else one pass per
    // example; both give the real scores (no gradient) for the history.
    private (IReadOnlyList<Tensor> Parameters, Tensor[] Sum, Tensor RealScores) ClippedRealSum(Tensor real, Tensor? labels, double clipNorm, Func<Tensor, Tensor?, Tensor> critic)
    {
        var model = Context.Model;
        var count = (int)real.shape[0];
        Tensor Terms(Tensor scores) => Losses.DiscriminatorRealTerms(phase.Loss, scores, phase.RealLabel);
        if (count > 0 && PerExampleGradients.ChainOf(model.Discriminator!) is { } chain)
        {
            Tensor? seen = null;
            var (chainParameters, chainSum, _) = PerExampleGradients.ClippedSum(chain, model.DiscriminatorInput(real, labels),
                scores => Terms(seen = scores), clipNorm);
            return (chainParameters, chainSum, seen!.detach());
        }
        var parameters = model.Discriminator!.parameters().Where(parameter => parameter.requires_grad).ToList();
        var (sum, _) = PrivateGradients.ClippedSum(parameters, count, index => Terms(critic(real.narrow(0, index, 1), labels?.narrow(0, index, 1))).sum(), clipNorm);
        Tensor realScores;
        using (no_grad()) realScores = count > 0 ? critic(real, labels) : zeros(1, 1, device: Context.Device);
        return (parameters, sum, realScores);
    }
}
