using GanLab.Privacy;
using static TorchSharp.torch;

namespace GanLab.Training;

// GS-WGAN (Chen et al. 2020; PrivacyMethod.GeneratorGradient): D learns from real data as usual and is never released;
// what reaches G, the gradient of G's loss at each generated sample, is clipped and noised.
internal sealed partial class AdversarialStep
{
    // Chen et al.'s Theorem 1: one example can move every clipped row by up to 2C, so a G update of B samples with noise
    // sigma C per element is a Gaussian mechanism of noise multiplier sigma / (2 sqrt B). One D sees all the data, so
    // there is no subsampling (q = 1): GS-WGAN's amplification comes from many discriminators on disjoint shards of the
    // data, which GanLab does not build, so its epsilon here grows fast with the steps.
    private RenyiLedger SanitisedLedger(PrivacySettings privacy) =>
        new(1, privacy.NoiseMultiplier / (2 * Math.Sqrt(Context.Plan.BatchSize)), privacy.Delta);

    private long PrivateUpdates(int stepInPhase) => phase.Privacy!.Method == PrivacyMethod.Discriminator
        ? phase.DiscriminatorWarmupSteps + (long)phase.DiscriminatorSteps * stepInPhase
        : stepInPhase;

    private (double Loss, double GradientNorm) UpdateGeneratorThroughSanitiser(Tensor loss, Tensor fake, Tensor judged, int step, bool measure)
    {
        var privacy = phase.Privacy!;
        var count = fake.shape[0];
        // G's loss is a mean over samples, so count times its gradient at sample i is the gradient of sample i's own term.
        var perSample = autograd.grad(new[] { loss * count }, new[] { judged })[0];
        var sanitised = PrivateGradients.Sanitise(perSample, privacy.ClipNorm, privacy.NoiseMultiplier, Context.Random) / count;
        // A surrogate whose gradient with respect to G's weights is the sanitised gradient pulled back through G; the
        // history gets the true loss.
        var surrogate = (fake * sanitised).sum();
        return generatorOptimizer.Update(surrogate, loss.item<float>(), step, Columns.GeneratorLoss, measure);
    }
}
