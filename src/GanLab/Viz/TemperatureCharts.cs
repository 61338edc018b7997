using GanLab.Models.Text;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GanLab.Viz;

/// <summary>Pictures of Gumbel-softmax temperature schedules (not of a run: a run's own column is
/// <see cref="TrainingCharts.Column"/> of "temperature").</summary>
public static class TemperatureCharts
{
    /// <summary>
    /// The temperature each schedule gives over the adversarial phase, on a logarithmic axis: RelGAN's exponential
    /// schedule is a straight line there (beta = beta_max^(n/N)), its polynomial one stays near 1 for longer, the seed
    /// GRU GAN's geometric one ends at its final temperature.
    /// </summary>
    public static GenericChart Schedules(IReadOnlyList<(string Name, GumbelTextGanConfig Config)> schedules, int points = 101)
    {
        if (schedules.Count == 0) throw new ArgumentException("no schedules to draw.", nameof(schedules));
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "a curve needs at least 2 points.");
        var progress = Enumerable.Range(0, points).Select(index => index / (double)(points - 1)).ToArray();
        var charts = schedules.Select(schedule => CSharpChart.Line<double, double, string>(
            progress, progress.Select(share => TemperatureSchedules.At(schedule.Config, share)).ToArray(), Name: schedule.Name));
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "share of the adversarial phase")
            .WithYAxisStyle<double, double, string>(TitleText: "Gumbel-softmax temperature tau = 1 / beta", AxisType: StyleParam.AxisType.Log)
            .WithSize(760, 360);
    }
}
