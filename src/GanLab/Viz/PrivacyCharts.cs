using GanLab.Privacy;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GanLab.Viz;

/// <summary>Charts of the privacy accountant (notebook 10).</summary>
public static class PrivacyCharts
{
    /// <summary>Epsilon at <paramref name="delta"/> over 1 to <paramref name="maxSteps"/> DP-SGD steps at sampling rate
    /// <paramref name="samplingRate"/>, one line per noise multiplier.</summary>
    public static GenericChart EpsilonOverSteps(double samplingRate, IReadOnlyList<double> noiseMultipliers, double delta, int maxSteps, int points = 60)
    {
        var steps = Enumerable.Range(1, points).Select(index => (int)Math.Max(1, (long)maxSteps * index / points)).Distinct().ToArray();
        var lines = noiseMultipliers.Select(sigma =>
        {
            var ledger = new RenyiLedger(samplingRate, sigma, delta);
            return CSharpChart.Line<int, double, string>(steps, steps.Select(count => ledger.After(count).Epsilon).ToArray(), Name: $"sigma {sigma:G3}");
        });
        return CSharpChart.Combine(lines)
            .WithXAxisStyle<int, int, string>(TitleText: "private steps")
            .WithYAxisStyle<double, double, string>(TitleText: $"epsilon at delta {delta:G2}")
            .WithSize(900, 340);
    }
}
