using GanLab.Data.Audio;
using static TorchSharp.torch;

namespace GanLab.Tests.Speech;

public class SpectrogramTests
{
    [Fact]
    public void Should_put_a_tone_in_the_bin_of_its_frequency()
    {
        // 1,000 Hz at 8 kHz with a 256-point FFT: bin 1000 / 31.25 = 32.
        using var tone = tensor(SpeechTestClips.Tone(1000)).unsqueeze(0);

        using var logMagnitudes = Spectrograms.LogMagnitudes(tone);

        Assert.Equal(new long[] { 1, Spectrograms.Bins, Spectrograms.Frames }, logMagnitudes.shape);
        using var perBin = logMagnitudes[0].mean(new long[] { 1 });
        Assert.Equal(32, perBin.argmax().item<long>());
    }

    [Fact]
    public void Should_recover_audio_with_Griffin_Lim_whose_magnitudes_match_far_better_than_zero_phase()
    {
        // Given a chirp's log-magnitudes (phase thrown away)
        using var chirp = tensor(SpeechTestClips.Chirp()).unsqueeze(0);
        using var target = Spectrograms.LogMagnitudes(chirp);

        // When the phase is estimated with 32 iterations, and with none (zero phase)
        using var recovered = Spectrograms.GriffinLim(target);
        using var zeroPhase = Spectrograms.GriffinLim(target, iterations: 0);

        // Then the spectral convergence ||S(y)| - |S(x)|| / ||S(x)|| is small, and several times smaller than zero phase's
        double Convergence(Tensor audio)
        {
            using var scope = NewDisposeScope();
            var expected = Spectrograms.Magnitudes(chirp);
            return ((Spectrograms.Magnitudes(audio) - expected).norm() / expected.norm()).item<float>();
        }
        Assert.Equal(new long[] { 1, SpokenDigits.ClipLength }, recovered.shape);
        var iterated = Convergence(recovered);
        var plain = Convergence(zeroPhase);
        Assert.True(iterated < 0.25, $"spectral convergence {iterated:F3}");
        Assert.True(iterated < plain / 2, $"Griffin-Lim {iterated:F3} against zero phase {plain:F3}");
    }

    [Fact]
    public void Should_make_log_mel_images_in_the_unit_range_with_silence_at_zero_and_every_band_used()
    {
        using var clips = stack(new[] { zeros(SpokenDigits.ClipLength), tensor(SpeechTestClips.Chirp()) });
        using var filters = Spectrograms.MelFilters();

        using var images = Spectrograms.LogMelImages(clips);

        Assert.Equal(new long[] { 2, 1, Spectrograms.MelBands, Spectrograms.Frames }, images.shape);
        Assert.Equal(0f, images[0].max().item<float>());
        Assert.InRange(images[1].max().item<float>(), 0.5f, 1f);
        // Each band has weight on some bin, and band centres rise with the band index.
        using var peaks = filters.argmax(1);
        var centres = peaks.data<long>().ToArray();
        Assert.All(Enumerable.Range(0, Spectrograms.MelBands), band => Assert.True(filters[band].sum().item<float>() > 0.3f));
        Assert.Equal(centres.Order().ToArray(), centres);
    }
}
