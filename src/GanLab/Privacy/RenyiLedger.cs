namespace GanLab.Privacy;

/// <summary>
/// The privacy a run of one mechanism has spent so far. One step's RDP at every order is computed once (the fractional
/// orders' series are slow), so asking after every training step costs one pass over the orders.
/// </summary>
public sealed class RenyiLedger
{
    private readonly double[] orders;
    private readonly double[] stepDivergences;
    private readonly double delta;

    /// <summary>A ledger for DP-SGD steps with sampling rate <paramref name="samplingRate"/> and noise multiplier
    /// <paramref name="noiseMultiplier"/>, reporting epsilon at <paramref name="delta"/>.</summary>
    public RenyiLedger(double samplingRate, double noiseMultiplier, double delta, IReadOnlyList<double>? orders = null)
    {
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"delta must be in (0, 1), got {delta}.");
        this.orders = (orders ?? RenyiAccountant.DefaultOrders).ToArray();
        stepDivergences = this.orders.Select(order => RenyiAccountant.StepDivergence(samplingRate, noiseMultiplier, order)).ToArray();
        this.delta = delta;
    }

    /// <summary>Epsilon after <paramref name="steps"/> steps by both conversions, each at its best order.</summary>
    public PrivacySpent After(long steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be 0 or more, got {steps}.");
        if (steps == 0) return new PrivacySpent(0, double.NaN, 0, double.NaN);
        (double Epsilon, double Order) balle = (double.PositiveInfinity, double.NaN), classic = balle;
        for (var index = 0; index < orders.Length; index++)
        {
            var order = orders[index];
            // RDP composes additively over steps.
            var divergence = steps * stepDivergences[index];
            var classicEpsilon = divergence + Math.Log(1 / delta) / (order - 1);
            // Balle et al. 2020, Theorem 21: tighter by log((alpha - 1) / alpha) - log(alpha) / (alpha - 1).
            var balleEpsilon = Math.Max(0, divergence + Math.Log((order - 1) / order) - (Math.Log(delta) + Math.Log(order)) / (order - 1));
            if (classicEpsilon < classic.Epsilon) classic = (classicEpsilon, order);
            if (balleEpsilon < balle.Epsilon) balle = (balleEpsilon, order);
        }
        return new PrivacySpent(balle.Epsilon, balle.Order, classic.Epsilon, classic.Order);
    }
}
