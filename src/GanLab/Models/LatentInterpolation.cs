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

    /// <summary>G's inputs along paths, one row of <paramref name="count"/> images per path, for any image generator:
    /// unconditional models walk the sphere between two seeded noise vectors; conditional models keep one noise vector
    /// per row and blend the one-hot class of row r into class r + 1 (the class interpolation of Keras' cGAN example).</summary>
    /// <returns>[rows x count, GeneratorInputSize], row-major, on the CPU.</returns>
    public static Tensor Paths(GanModel model, int rows, int count, long seed)
    {
        using var scope = NewDisposeScope();
        var random = new Generator(unchecked((ulong)seed));
        var noise = randn(new long[] { rows + 1, model.LatentSize }, generator: random);
        var paths = new List<Tensor>();
        for (var row = 0; row < rows; row++)
        {
            if (!model.IsConditional)
            {
                paths.Add(Spherical(noise[row], noise[row + 1], count));
                continue;
            }
            var weights = linspace(0, 1, count).unsqueeze(1);
            var from = nn.functional.one_hot(tensor(new long[] { row % model.ClassCount }), model.ClassCount).to_type(ScalarType.Float32);
            var to = nn.functional.one_hot(tensor(new long[] { (row + 1) % model.ClassCount }), model.ClassCount).to_type(ScalarType.Float32);
            var classes = (1 - weights) * from + weights * to;
            paths.Add(cat(new[] { noise[row].unsqueeze(0).expand(count, -1), classes }, 1));
        }
        return cat(paths).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor from, Tensor to, int count)
    {
        if (count < 2) throw new ArgumentException($"count must be at least 2, got {count}.", nameof(count));
        if (from.numel() != to.numel())
            throw new ArgumentException($"the two noise vectors differ in size ({from.numel()} and {to.numel()}).", nameof(to));
    }
}
