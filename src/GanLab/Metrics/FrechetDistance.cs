using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two feature sets (FID when the features are Inception's; GanLab
/// uses its own classifiers' features): |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)).
/// </summary>
public static class FrechetDistance
{
    /// <summary>The distance between Gaussians fitted to <paramref name="first"/> and <paramref name="second"/> ([N, D] features).</summary>
    public static double Between(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        CheckFeatures(first, second);
        var (meanA, covarianceA) = Moments(first);
        var (meanB, covarianceB) = Moments(second);
        return Between(meanA, covarianceA, meanB, covarianceB);
    }

    /// <summary>The distance between N(<paramref name="meanA"/>, <paramref name="covarianceA"/>) and N(<paramref name="meanB"/>, <paramref name="covarianceB"/>).</summary>
    /// <remarks>
    /// Tr((S1 S2)^(1/2)) is computed as Tr((S1^(1/2) S2 S1^(1/2))^(1/2)): both square roots are of symmetric
    /// positive semi-definite matrices, so a symmetric eigendecomposition in float64 gives them accurately, without the
    /// complex parts and iteration that a general matrix square root of S1 S2 needs. Tiny negative eigenvalues from
    /// rounding are clamped to zero.
    /// </remarks>
    public static double Between(Tensor meanA, Tensor covarianceA, Tensor meanB, Tensor covarianceB)
    {
        using var scope = NewDisposeScope();
        var (muA, sigmaA, muB, sigmaB) = (meanA.to_type(ScalarType.Float64), covarianceA.to_type(ScalarType.Float64), meanB.to_type(ScalarType.Float64), covarianceB.to_type(ScalarType.Float64));
        var rootA = SymmetricSquareRoot(sigmaA);
        var middle = rootA.matmul(sigmaB).matmul(rootA);
        var (eigenvalues, _) = linalg.eigh((middle + middle.T) / 2);
        var traceOfRoot = eigenvalues.clamp_min(0).sqrt().sum().item<double>();
        var meanTerm = (muA - muB).square().sum().item<double>();
        return meanTerm + sigmaA.trace().item<double>() + sigmaB.trace().item<double>() - 2 * traceOfRoot;
    }

    /// <summary>Mean [D] and unbiased covariance [D, D] of features [N, D], in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        using var scope = NewDisposeScope();
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException($"features must be [N, D] with N >= 2, got [{string.Join(", ", features.shape)}].", nameof(features));
        var values = features.to_type(ScalarType.Float64);
        var mean = values.mean(new long[] { 0 });
        var centred = values - mean;
        var covariance = centred.T.matmul(centred) / (values.shape[0] - 1);
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    private static Tensor SymmetricSquareRoot(Tensor matrix)
    {
        var (eigenvalues, eigenvectors) = linalg.eigh((matrix + matrix.T) / 2);
        return (eigenvectors * eigenvalues.clamp_min(0).sqrt().unsqueeze(0)).matmul(eigenvectors.T);
    }

    internal static void CheckFeatures(Tensor first, Tensor second)
    {
        if (first.dim() != 2 || second.dim() != 2 || first.shape[1] != second.shape[1])
            throw new ArgumentException($"both feature sets must be [N, D] with the same D, got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}].");
    }
}
