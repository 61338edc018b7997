using static TorchSharp.torch;

namespace GanLab.Data.Audio;

/// <summary>
/// The short-time Fourier transform views of a clip: SpecGAN's log-magnitude image (and back to audio with
/// Griffin-Lim), and the log-mel image the spoken-digit classifier reads.
/// </summary>
/// <remarks>FFT 256 with hop 128 (Hann window, half overlap) on 8,192 samples gives 129 bins x 65 frames; the images
/// keep bins 0-127 and frames 0-63 (128 x 64, powers of two for the networks), as SpecGAN drops its last bin. At
/// 8 kHz a bin is 31.25 Hz and a frame 16 ms.</remarks>
public static class Spectrograms
{
    /// <summary>FFT size (and window length).</summary>
    public const int FftSize = 256;
    /// <summary>Samples between frames.</summary>
    public const int Hop = 128;
    /// <summary>Frequency bins of the image.</summary>
    public const int Bins = 128;
    /// <summary>Frames (time steps) of the image.</summary>
    public const int Frames = 64;
    /// <summary>Mel bands of the classifier's input.</summary>
    public const int MelBands = 32;
    /// <summary>Griffin-Lim iterations when turning a magnitude image into audio (SpecGAN used 16).</summary>
    public const int GriffinLimIterations = 32;

    /// <summary>The complex short-time Fourier transform [N, 129, 65] of waveforms [N, samples] (Hann window).</summary>
    public static Tensor Spectrum(Tensor waveforms)
    {
        using var window = hann_window(FftSize, dtype: waveforms.dtype, device: waveforms.device);
        return stft(waveforms, FftSize, Hop, FftSize, window, center: true, return_complex: true);
    }

    /// <summary>Magnitudes [N, 129, 65] of waveforms [N, samples].</summary>
    public static Tensor Magnitudes(Tensor waveforms)
    {
        using var spectrum = Spectrum(waveforms);
        return spectrum.abs();
    }

    /// <summary>ln(magnitude + 1e-4) of the image's bins and frames: [N, 128, 64].</summary>
    public static Tensor LogMagnitudes(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        var magnitudes = Magnitudes(waveforms).narrow(1, 0, Bins).narrow(2, 0, Frames);
        return (magnitudes + MagnitudeFloor).log().MoveToOuterDisposeScope();
    }

    /// <summary>Added before the logarithm: silence maps to ln(1e-4) = -9.2 instead of minus infinity.</summary>
    public const double MagnitudeFloor = 1e-4;

    /// <summary>Audio [N, <see cref="SpokenDigits.ClipLength"/>] whose magnitudes approach <paramref name="logMagnitudes"/>
    /// [N, 128, 64] (Griffin and Lim 1984, with the "fast" momentum of Perraudin et al. 2013); the missing top bin
    /// and last frame are zero and a copy of the one before.</summary>
    /// <param name="logMagnitudes">ln(magnitude + floor), as <see cref="LogMagnitudes"/> gives.</param>
    /// <param name="iterations">Phase-retrieval iterations.</param>
    public static Tensor GriffinLim(Tensor logMagnitudes, int iterations = GriffinLimIterations)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var count = logMagnitudes.shape[0];
        var magnitudes = (logMagnitudes.exp() - MagnitudeFloor).clamp_min(0);
        magnitudes = cat(new[] { magnitudes, magnitudes.narrow(2, Frames - 1, 1) }, 2);
        magnitudes = cat(new[] { magnitudes, zeros(count, 1, Frames + 1) }, 1);
        using var window = hann_window(FftSize);
        // Zero phase to start: deterministic, and for speech as good a start as random phase.
        var estimate = complex(magnitudes, zeros_like(magnitudes));
        var previous = estimate;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Tensor rebuilt, next;
            // An iteration's temporaries go when it ends: kept to the end of the call they were 11 GB for 660 clips.
            using (NewDisposeScope())
            {
                var audio = istft(estimate, FftSize, Hop, FftSize, window, center: true, length: SpokenDigits.ClipLength);
                rebuilt = stft(audio, FftSize, Hop, FftSize, window, center: true, return_complex: true).MoveToOuterDisposeScope();
                var accelerated = rebuilt + (rebuilt - previous) * 0.99;
                next = (magnitudes * accelerated / (accelerated.abs() + 1e-8)).MoveToOuterDisposeScope();
            }
            // The next iteration needs only these two spectra; the first time, previous and estimate are one tensor.
            previous.Dispose();
            estimate.Dispose();
            previous = rebuilt;
            estimate = next;
        }
        var result = istft(estimate, FftSize, Hop, FftSize, window, center: true, length: SpokenDigits.ClipLength);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The classifier's view of waveforms [N, samples]: log mel energies [N, 1, 32, 64] mapped to [0, 1] by a
    /// fixed affine map (ln 1e-4 -> 0, ln 50 -> 1), the same for real and generated clips.</summary>
    public static Tensor LogMelImages(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        var magnitudes = Magnitudes(waveforms).narrow(2, 0, Frames);
        var mel = matmul(MelFilters(), magnitudes);
        return ToUnitRange((mel + MagnitudeFloor).log()).unsqueeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>The fixed map of log magnitudes (or log mel energies) to [0, 1] that pictures and the classifier share:
    /// ln 1e-4 (silence) -> 0, ln 50 -> 1, clipped.</summary>
    public static Tensor ToUnitRange(Tensor logValues)
    {
        var low = Math.Log(MagnitudeFloor);
        return ((logValues - low) / (Math.Log(50) - low)).clamp(0, 1);
    }

    /// <summary>Triangular mel filters [32, 129] (HTK mel scale, 0 Hz to the Nyquist frequency, each band's peak 1).</summary>
    public static Tensor MelFilters()
    {
        static double Mel(double hertz) => 2595 * Math.Log10(1 + hertz / 700);
        static double Hertz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var bins = FftSize / 2 + 1;
        var nyquist = SpokenDigits.SampleRate / 2.0;
        var edges = Enumerable.Range(0, MelBands + 2).Select(index => Hertz(Mel(nyquist) * index / (MelBands + 1))).ToArray();
        var filters = new float[MelBands * bins];
        for (var band = 0; band < MelBands; band++)
            for (var bin = 0; bin < bins; bin++)
            {
                var frequency = bin * nyquist / (bins - 1);
                var rising = (frequency - edges[band]) / (edges[band + 1] - edges[band]);
                var falling = (edges[band + 2] - frequency) / (edges[band + 2] - edges[band + 1]);
                filters[band * bins + bin] = (float)Math.Max(0, Math.Min(rising, falling));
            }
        return tensor(filters, new long[] { MelBands, bins });
    }
}
