using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>A 2-D toy distribution: a mixture of equal-weight isotropic Gaussians, or a continuous shape.</summary>
/// <param name="Name">Preset name ("ring", "grid", "spiral").</param>
/// <param name="Centers">Mode centres (x, y); empty for continuous shapes. Used by mode-coverage metrics.</param>
/// <param name="Sigma">Standard deviation of each mode (VEEGAN / PacGAN protocol: 3 sigma = high quality).</param>
public sealed record ToyDistribution(string Name, IReadOnlyList<(double X, double Y)> Centers, double Sigma)
{
    /// <summary>8 Gaussians on a circle of radius 1, sigma 0.01 (PacGAN's ring).</summary>
    public static ToyDistribution Ring { get; } = new("ring",
        Enumerable.Range(0, 8).Select(index => (Math.Cos(2 * Math.PI * index / 8), Math.Sin(2 * Math.PI * index / 8))).ToArray(), 0.01);

    /// <summary>25 Gaussians at {-4, -2, 0, 2, 4}², sigma 0.05 (VEEGAN / PacGAN's grid).</summary>
    public static ToyDistribution Grid { get; } = new("grid",
        (from x in new[] { -4.0, -2, 0, 2, 4 } from y in new[] { -4.0, -2, 0, 2, 4 } select (x, y)).ToArray(), 0.05);

    /// <summary>A continuous two-turn spiral with noise 0.05: no discrete modes, tests whether G can draw a curve.</summary>
    public static ToyDistribution Spiral { get; } = new("spiral", Array.Empty<(double, double)>(), 0.05);

    /// <summary>All toy distributions.</summary>
    public static IReadOnlyList<ToyDistribution> All { get; } = new[] { Ring, Grid, Spiral };

    /// <summary>Looks a distribution up by name.</summary>
    public static ToyDistribution Find(string name) =>
        All.FirstOrDefault(toy => toy.Name == name)
        ?? throw new ArgumentException($"toy distribution '{name}' is not known; known: {string.Join(", ", All.Select(toy => toy.Name))}.", nameof(name));

    /// <summary>Draws <paramref name="count"/> points [count, 2] (float32, CPU) with the given generator.</summary>
    public Tensor Sample(long count, Generator generator)
    {
        Core.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Tensor points;
        if (Centers.Count > 0)
        {
            var centres = tensor(Centers.SelectMany(centre => new[] { (float)centre.X, (float)centre.Y }).ToArray(), new long[] { Centers.Count, 2 });
            var chosen = randint(0, Centers.Count, new long[] { count }, generator: generator);
            points = centres.index_select(0, chosen) + Sigma * randn(new long[] { count, 2 }, generator: generator);
        }
        else
        {
            // Angle grows with radius: two turns from radius 0.3 to 2.
            var position = rand(new long[] { count }, generator: generator);
            var angle = position * (4 * Math.PI);
            var radius = 0.3 + 1.7 * position;
            points = stack(new[] { radius * cos(angle), radius * sin(angle) }, 1) + Sigma * randn(new long[] { count, 2 }, generator: generator);
        }
        return points.MoveToOuterDisposeScope();
    }
}
