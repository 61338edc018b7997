namespace GanLab.Privacy;

/// <summary>
/// The moment A_alpha = E_{z ~ N(0, s^2)} [((1 - q) + q exp((2z - 1) / (2 s^2)))^alpha] of the Poisson-subsampled Gaussian
/// mechanism, whose log divided by (alpha - 1) is the step's RDP (Mironov, Talwar and Zhang 2019, Sections 3.2-3.3).
/// Everything is summed in log space: the terms span hundreds of orders of magnitude.
/// </summary>
internal static class SubsampledGaussian
{
    /// <summary>Integer alpha: the binomial expansion, sum_k C(alpha, k) (1 - q)^(alpha - k) q^k exp((k^2 - k) / (2 s^2)).</summary>
    public static double LogMomentInteger(double q, double sigma, int alpha)
    {
        var sum = new LogSum();
        double logBinomial = 0;
        for (var k = 0; k <= alpha; k++)
        {
            if (k > 0) logBinomial += Math.Log(alpha - k + 1) - Math.Log(k);
            sum.Add(logBinomial + k * Math.Log(q) + (alpha - k) * Math.Log(1 - q) + (k * (double)k - k) / (2 * sigma * sigma), positive: true);
        }
        return sum.Log;
    }

    /// <summary>Fractional alpha: the same expectation split at z0, where the two Gaussians' density ratio makes the
    /// mixture term switch, into two convergent series with generalised (signed) binomial coefficients.</summary>
    public static double LogMomentFractional(double q, double sigma, double alpha)
    {
        var sum = new LogSum();
        var z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        var scale = Math.Sqrt(2) * sigma;
        double logBinomial = 0;
        var positive = true;
        // The terms fall polynomially once i passes alpha; stop when both are below e^-30 (A_alpha itself is >= 1).
        for (var i = 0; i < 10_000_000; i++)
        {
            if (i > 0)
            {
                var factor = alpha - i + 1;
                logBinomial += Math.Log(Math.Abs(factor)) - Math.Log(i);
                if (factor < 0) positive = !positive;
            }
            var j = alpha - i;
            var first = logBinomial + i * Math.Log(q) + j * Math.Log(1 - q) + (i * (double)i - i) / (2 * sigma * sigma)
                        + Math.Log(0.5) + GaussianTail.LogErfc((i - z0) / scale);
            var second = logBinomial + j * Math.Log(q) + i * Math.Log(1 - q) + (j * j - j) / (2 * sigma * sigma)
                         + Math.Log(0.5) + GaussianTail.LogErfc((z0 - j) / scale);
            sum.Add(first, positive);
            sum.Add(second, positive);
            if (i > alpha && Math.Max(first, second) < -30) return sum.Log;
        }
        throw new InvalidOperationException($"the RDP series at order {alpha} (q = {q}, sigma = {sigma}) did not converge.");
    }

    /// <summary>A sum of signed terms given as logarithms of their magnitudes.</summary>
    private sealed class LogSum
    {
        private double positiveLog = double.NegativeInfinity, negativeLog = double.NegativeInfinity;

        public void Add(double logTerm, bool positive)
        {
            if (positive) positiveLog = LogAdd(positiveLog, logTerm);
            else negativeLog = LogAdd(negativeLog, logTerm);
        }

        /// <summary>log(positive part - negative part); the expansion's positive part dominates.</summary>
        public double Log => negativeLog == double.NegativeInfinity ? positiveLog : positiveLog + Math.Log(-double.ExpM1(negativeLog - positiveLog));

        private static double LogAdd(double a, double b)
        {
            if (a == double.NegativeInfinity) return b;
            if (b == double.NegativeInfinity) return a;
            var high = Math.Max(a, b);
            return high + Math.Log(1 + Math.Exp(Math.Min(a, b) - high));
        }
    }
}

/// <summary>log erfc(x) without underflow: erfc(10) is 2e-45, and the series above needs erfc far into the tail.</summary>
public static class GaussianTail
{
    /// <summary>Natural log of the complementary error function; relative error of erfc below 1.2e-7 everywhere.</summary>
    /// <remarks>For x >= 0, the Chebyshev-fitted form erfc(x) = t exp(-x^2 + P(t)), t = 1 / (1 + x / 2) (Numerical Recipes,
    /// section 6.2), is used in log form so it never underflows; for x &lt; 0, erfc(x) = 2 - erfc(-x) lies in [1, 2].</remarks>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return Math.Log(2 - Math.Exp(LogErfc(-x)));
        var t = 1 / (1 + 0.5 * x);
        var polynomial = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
                         + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        return Math.Log(t) - x * x + polynomial;
    }
}
