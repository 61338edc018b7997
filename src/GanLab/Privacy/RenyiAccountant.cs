namespace GanLab.Privacy;

/// <summary>Privacy spent by a run: epsilon at a delta by both conversions, each with the order that gave it.</summary>
/// <param name="Epsilon">Balle et al. 2020's conversion (tighter; the one GanLab reports and plans with).</param>
/// <param name="Order">The Renyi order that gave <paramref name="Epsilon"/>.</param>
/// <param name="ClassicEpsilon">The classic conversion eps = RDP(alpha) + log(1/delta) / (alpha - 1) (Mironov 2017).</param>
/// <param name="ClassicOrder">The order that gave <paramref name="ClassicEpsilon"/>.</param>
public sealed record PrivacySpent(double Epsilon, double Order, double ClassicEpsilon, double ClassicOrder);

/// <summary>
/// Renyi differential privacy of the Poisson-subsampled Gaussian mechanism (DP-SGD's step: each example joins the
/// batch with probability q, clipped gradients get Gaussian noise of sigma times the clip norm), composed over steps
/// and converted to (epsilon, delta). The bound is Mironov, Talwar and Zhang 2019 (integer and fractional orders).
/// </summary>
public static class RenyiAccountant
{
    /// <summary>Orders tried by default: 1.1 to 10.9 in steps of 0.1, then 11 to 63 (where the best order lies for
    /// the usual q, sigma and step counts; a best order at either end is reported so a caller can widen the list).</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } =
        Enumerable.Range(11, 99).Select(tenth => tenth / 10.0).Concat(Enumerable.Range(11, 53).Select(order => (double)order)).ToArray();

    /// <summary>RDP of one step at <paramref name="order"/> (alpha > 1), in nats.</summary>
    public static double StepDivergence(double samplingRate, double noiseMultiplier, double order)
    {
        Check(samplingRate, noiseMultiplier);
        if (!(order > 1)) throw new ArgumentOutOfRangeException(nameof(order), $"a Renyi order must be above 1, got {order}.");
        if (noiseMultiplier == 0) return double.PositiveInfinity;
        // Without subsampling the mechanism is the plain Gaussian one, whose RDP has a closed form.
        if (samplingRate == 1) return order / (2 * noiseMultiplier * noiseMultiplier);
        var logMoment = order == Math.Floor(order)
            ? SubsampledGaussian.LogMomentInteger(samplingRate, noiseMultiplier, (int)order)
            : SubsampledGaussian.LogMomentFractional(samplingRate, noiseMultiplier, order);
        return logMoment / (order - 1);
    }

    /// <summary>Epsilon after <paramref name="steps"/> steps at <paramref name="delta"/>, minimised over <paramref name="orders"/>.</summary>
    public static PrivacySpent Spent(double samplingRate, double noiseMultiplier, long steps, double delta, IReadOnlyList<double>? orders = null) =>
        new RenyiLedger(samplingRate, noiseMultiplier, delta, orders).After(steps);

    /// <summary>The smallest noise multiplier whose epsilon (Balle's conversion) after <paramref name="steps"/> steps is at
    /// most <paramref name="targetEpsilon"/>, to a relative 1e-4.</summary>
    public static double NoiseMultiplierFor(double targetEpsilon, double samplingRate, long steps, double delta, IReadOnlyList<double>? orders = null)
    {
        if (!(targetEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(targetEpsilon), $"the target epsilon must be positive, got {targetEpsilon}.");
        double Epsilon(double sigma) => Spent(samplingRate, sigma, steps, delta, orders).Epsilon;
        // Epsilon falls as the noise grows: find a bracket, then bisect.
        double low = 1e-3, high = 1;
        while (Epsilon(high) > targetEpsilon)
        {
            low = high;
            high *= 2;
            if (high > 1e6) throw new ArgumentOutOfRangeException(nameof(targetEpsilon), $"no noise multiplier up to 1e6 reaches epsilon {targetEpsilon} in {steps} steps at q = {samplingRate}.");
        }
        while ((high - low) / high > 1e-4)
        {
            var middle = (low + high) / 2;
            if (Epsilon(middle) > targetEpsilon) low = middle; else high = middle;
        }
        return high;
    }

    private static void Check(double samplingRate, double noiseMultiplier)
    {
        if (!(samplingRate > 0 && samplingRate <= 1)) throw new ArgumentOutOfRangeException(nameof(samplingRate), $"the sampling rate q must be in (0, 1], got {samplingRate}.");
        if (!(noiseMultiplier >= 0) || double.IsInfinity(noiseMultiplier)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"the noise multiplier must be 0 or more, got {noiseMultiplier}.");
    }
}
