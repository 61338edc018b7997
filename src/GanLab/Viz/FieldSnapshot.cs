using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>
/// Everything GAN Lab (Kahng et al., IEEE VIS 2018) draws for a 2-D GAN at one step: D's output over the plane, real
/// and generated points, the generator's warped noise grid, and the direction each fake point is pushed by G's loss.
/// </summary>
/// <param name="Step">Training step.</param>
/// <param name="Extent">Half-width of the square view centred on 0.</param>
/// <param name="Probability">D's probability "real" on a <see cref="Resolution"/> x <see cref="Resolution"/> grid, rows = y.</param>
/// <param name="Real">Real points (x, y).</param>
/// <param name="Fake">Generated points (x, y).</param>
/// <param name="Push">Per fake point, minus the gradient of G's loss with respect to the point (where G wants it to go).</param>
/// <param name="Manifold">G applied to a 20 x 20 grid of noise in [-2, 2]^2, row by row.</param>
public sealed record FieldSnapshot(int Step, double Extent, double[][] Probability, double[][] Real, double[][] Fake, double[][] Push, double[][] Manifold)
{
    /// <summary>Heatmap cells per side (GAN Lab uses 30).</summary>
    public const int Resolution = 30;
    /// <summary>Noise grid points per side for the manifold.</summary>
    public const int ManifoldSide = 20;

    /// <summary>Measures <paramref name="model"/> (a toy GAN with 2-D noise and an unpacked D) at a step.</summary>
    public static FieldSnapshot Capture(GanModel model, Tensor realPoints, Tensor noise, int step, LossKind loss, double extent = 1.6)
    {
        if (model.LatentSize != 2 || model.SampleShape is not [2])
            throw new ArgumentException("field views need a toy GAN with 2-D noise and 2-D samples.", nameof(model));
        using var scope = NewDisposeScope();
        var device = model.Generator.parameters().First().device;
        var wasTraining = (model.Generator.training, model.RequiredDiscriminator.training);
        model.Generator.eval();
        model.RequiredDiscriminator.eval();
        try
        {
            double[][] probability, fake, manifold;
            using (no_grad())
            {
                var axis = linspace(-extent, extent, Resolution, dtype: ScalarType.Float32);
                var grid = stack(new[] { axis.repeat(Resolution), axis.repeat_interleave(Resolution) }, 1).to(device);
                probability = Rows(model.RequiredDiscriminator.call(grid).sigmoid().view(Resolution, Resolution));
                fake = Rows(model.Generator.call(noise.to(device)));
                var noiseAxis = linspace(-2, 2, ManifoldSide, dtype: ScalarType.Float32);
                var noiseGrid = stack(new[] { noiseAxis.repeat(ManifoldSide), noiseAxis.repeat_interleave(ManifoldSide) }, 1).to(device);
                manifold = Rows(model.Generator.call(noiseGrid));
            }
            var points = tensor(fake.SelectMany(point => point).Select(value => (float)value).ToArray(), new long[] { fake.Length, 2 }).to(device).requires_grad_(true);
            var generatorLoss = Losses.Generator(loss, model.RequiredDiscriminator.call(points));
            var gradient = autograd.grad(new[] { generatorLoss }, new[] { points })[0];
            return new FieldSnapshot(step, extent, probability, Rows(realPoints), fake, Rows(-gradient), manifold);
        }
        finally
        {
            if (wasTraining.Item1) model.Generator.train();
            if (wasTraining.Item2) model.RequiredDiscriminator.train();
        }
    }

    private static double[][] Rows(Tensor matrix)
    {
        var values = matrix.detach().cpu().to_type(ScalarType.Float64);
        var columns = (int)values.shape[1];
        var flat = values.data<double>().ToArray();
        return Enumerable.Range(0, (int)values.shape[0]).Select(row => flat.AsSpan(row * columns, columns).ToArray()).ToArray();
    }
}
