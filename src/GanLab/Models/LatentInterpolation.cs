using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>Paths between two noise vectors, to see how a generator's output changes along them.</summary>
public static class LatentInterpolation
{
    /// <summary><paramref name="count"/> points from <paramref name="from"/> to <paramref name="to"/> on a straight line: [count, latent].</summary>
    public static Tensor Linear(Tensor from, Tensor to, int count)
    {
        Check(from, to, count);
        using var scope = NewDisposeScope();
        var weights = linspace(0, 1, count, dtype: from.dtype, device: from.device).unsqueeze(1);
        return ((1 - weights) * from.flatten().unsqueeze(0) + weights * to.flatten().unsqueeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Spherical interpolation (White 2016): follows the great circle between the two vectors. Gaussian noise in many
    /// dimensions lies near a sphere; the straight line's middle is shorter than any typical z and looks washed out.
    /// </summary>
    public static Tensor Spherical(Tensor from, Tensor to, int count)
    {
        Check(from, to, count);
        using var scope = NewDisposeScope();
        var (start, end) = (from.flatten().to_type(ScalarType.Float64), to.flatten().to_type(ScalarType.Float64));
        var cosine = (start.dot(end) / (start.norm() * end.norm())).clamp(-1, 1).item<double>();
        var angle = Math.Acos(cosine);
        // Nearly parallel vectors: the sphere's arc and the line coincide, and sin(angle) would divide by ~0.
        if (Math.Sin(angle) < 1e-6) return Linear(from, to, count).MoveToOuterDisposeScope();
        var rows = Enumerable.Range(0, count).Select(index =>
        {
            var t = count == 1 ? 0.0 : index / (double)(count - 1);
            return Math.Sin((1 - t) * angle) / Math.Sin(angle) * start + Math.Sin(t * angle) / Math.Sin(angle) * end;
        }).ToArray();
        return stack(rows).to_type(from.dtype).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor from, Tensor to, int count)
    {
        if (count < 2) throw new ArgumentException($"count must be at least 2, got {count}.", nameof(count));
        if (from.numel() != to.numel())
            throw new ArgumentException($"the two noise vectors differ in size ({from.numel()} and {to.numel()}).", nameof(to));
    }
}
