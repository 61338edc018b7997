using GanLab.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using static TorchSharp.torch;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GanLab.Viz;

/// <summary>Pictures of the losses themselves (not of a run).</summary>
public static class LossCharts
{
    /// <summary>
    /// How hard each generator loss pushes one sample, |d loss / d score|, against D's verdict on that sample. Where D
    /// confidently rejects a fake (D(G(z)) near 0, early in training), the minimax loss log(1 - D(G(z))) gives almost no
    /// gradient: the vanishing gradient Goodfellow et al. (2014) fixed with the non-saturating loss.
    /// </summary>
    public static GenericChart GeneratorGradients(params LossKind[] kinds)
    {
        using var scope = NewDisposeScope();
        var scores = linspace(-9, 9, 181, dtype: ScalarType.Float64);
        var probability = scores.sigmoid().data<double>().ToArray();
        var charts = kinds.Select(kind =>
        {
            var input = scores.clone().requires_grad_(true);
            // Losses average over the batch; times the batch size gives each sample's own gradient.
            var loss = Losses.Generator(kind, input.unsqueeze(1)) * input.shape[0];
            var gradient = autograd.grad(new[] { loss }, new[] { input })[0].abs().clamp_min(1e-12).data<double>().ToArray();
            return CSharpChart.Line<double, double, string>(probability, gradient, Name: kind.ToString());
        });
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "D(G(z)): D's probability that the fake is real")
            .WithYAxisStyle<double, double, string>(TitleText: "|gradient| reaching G per sample", AxisType: StyleParam.AxisType.Log)
            .WithSize(760, 380);
    }
}
