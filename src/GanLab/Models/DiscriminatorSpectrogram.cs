using GanLab.Core;
using GanLab.Data.Audio;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>The spectrogram a waveform discriminator may judge: SpecGAN's 128 x 64 log magnitudes of the clip, mapped by a
/// fixed affine map to about [-1, 1], differentiable (and twice, for R1 / R2) back to the samples.</summary>
/// <remarks>Not <see cref="Spectrograms.LogMagnitudes"/>: the gradient of <c>abs</c> is undefined at a zero bin, and
/// ln(m + 1e-4) has gradients up to 1e4 in silence. Here ln m = ½ ln(re² + im² + 1e-6), whose floor (ln 1e-3 = -6.9)
/// keeps them below 1e3. Nor SpecGAN's per-bin normalisation: that needs the data's statistics, which a model is built
/// without; a fixed map serves, since D's first convolution learns its own scale.</remarks>
public static class DiscriminatorSpectrogram
{
    // ln |X| of the spoken digits runs from about -7 (silence) to about 4 (a loud vowel's peak bin): centre and halve.
    private const double Centre = -1.5;
    private const double HalfRange = 5.5;
    /// <summary>Power added before the logarithm by default: ln 1e-3 = -6.9, below the data's quietest noise bins.</summary>
    public const double DefaultPowerFloor = 1e-6;

    // Held for the process: TorchSharp would make each per call, unheld (docs/architecture.md, Scalars).
    private static readonly Scalar HeldDefaultPowerFloor = DefaultPowerFloor.ToScalar();
    private static readonly Scalar HeldScale = (0.5 / HalfRange).ToScalar();
    private static readonly Scalar HeldShift = (-Centre / HalfRange).ToScalar();

    /// <summary>[B, 1, 8192] audio -> [B, 1, 128, 64] spectrogram images, with <paramref name="powerFloor"/> (held by
    /// the caller; default <see cref="DefaultPowerFloor"/>) added to each bin's power before the logarithm.</summary>
    public static Tensor Of(Tensor audio, Scalar? powerFloor = null)
    {
        using var scope = NewDisposeScope();
        var parts = view_as_real(Spectrograms.Spectrum(audio.squeeze(1))).narrow(1, 0, Spectrograms.Bins).narrow(2, 0, Spectrograms.Frames);
        var power = parts.mul(parts).sum(-1).add_(powerFloor ?? HeldDefaultPowerFloor, HeldScalars.One);
        // ½ ln power, centred and scaled in one multiply-add: (½ ln p - Centre) / HalfRange.
        return power.log().mul_(HeldScale).add_(HeldShift, HeldScalars.One).unsqueeze(1).MoveToOuterDisposeScope();
    }
}
