using GanLab.Data.Audio;
using TorchSharp;
using GanLab.Tests.Notebooks;

namespace GanLab.Tests.Speech;

public class SpeechRunTests
{
    [Theory]
    [InlineData("specgan-digits")]
    [InlineData("wavegan-digits")]
    public void Should_write_playable_samples_and_a_report_whose_players_load_in_headless_Chromium(string preset)
    {
        // Given a two-step run on a wav: folder of tones
        using var folder = new TemporaryFolder();
        SpeechTestClips.WriteDigitFolder(folder.File("clips"), new[] { "alice", "bob", "carol", "dave", "erin" });
        var run = folder.File("run");

        var (exitCode, _, error) = CliRunner.Run("train", preset, "--data", "wav:" + folder.File("clips"), "--steps", "2", "--batch-size", "16", "--out", run);

        // Then samples.wav holds the 64 fixed-noise samples a quarter second apart, one file each beside it
        Assert.True(exitCode == 0, error);
        var all = WavFile.ReadMono(Path.Combine(run, "samples.wav"), SpokenDigits.SampleRate);
        Assert.Equal(64 * (SpokenDigits.ClipLength + SpokenDigits.SampleRate / 4), all.Length);
        Assert.Equal(64, Directory.GetFiles(Path.Combine(run, "samples"), "*.wav").Length);
        WavFile.ReadMono(Path.Combine(run, "samples", "07.wav"), SpokenDigits.SampleRate, SpokenDigits.ClipLength);
        // And report.html's 16 players reach a ready state with the clip's duration, their spectrograms decode
        var page = BrowserCheck.Open(Path.Combine(run, "report.html"));
        Assert.Equal(16, page.Audio);
        Assert.Equal(16, page.ReadyAudio);
        Assert.InRange(page.ShortestAudio, 1.0, 1.05);
        Assert.InRange(page.LongestAudio, 1.0, 1.05);
        Assert.Equal(page.Images, page.DecodedImages);
        Assert.True(page.Images >= 17, $"{page.Images} images (grid + 16 spectrograms expected)");
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-2)]
    public void Should_give_the_waveform_discriminator_log_magnitudes_with_finite_second_gradients_even_in_silence(double floor)
    {
        // Given one clip of a 500 Hz tone and one of silence
        using var time = TorchSharp.torch.arange(SpokenDigits.ClipLength, TorchSharp.torch.ScalarType.Float32) / SpokenDigits.SampleRate;
        using var tone = (time * (2 * Math.PI * 500)).sin() * 0.5;
        using var audio = TorchSharp.torch.stack(new[] { tone, TorchSharp.torch.zeros_like(tone) }).unsqueeze(1).requires_grad_();

        using var heldFloor = floor.ToScalar();
        using var view = GanLab.Models.DiscriminatorSpectrogram.Of(audio, heldFloor);

        // Then undone, its map is the log magnitude of the spectrum as the data's spectrograms compute it (abs, not re/im)
        Assert.Equal(new long[] { 2, 1, Spectrograms.Bins, Spectrograms.Frames }, view.shape);
        using var magnitudes = Spectrograms.Magnitudes(audio.detach().squeeze(1)).narrow(1, 0, Spectrograms.Bins).narrow(2, 0, Spectrograms.Frames);
        using var expected = ((magnitudes * magnitudes + floor).log() * 0.5 + 1.5) / 5.5;
        Assert.True(view.squeeze(1).allclose(expected, rtol: 1e-4, atol: 1e-4), $"not (½ ln(|X|² + {floor}) + 1.5) / 5.5");
        // And silence sits at the floor: (½ ln floor + 1.5) / 5.5
        Assert.Equal((0.5 * Math.Log(floor) + 1.5) / 5.5, view[1].mean().item<float>(), 3);
        // And R1's gradient norm can be differentiated again, also through silence (abs would give NaN at zero)
        var gradient = TorchSharp.torch.autograd.grad(new[] { view.sum() }, new[] { audio }, retain_graph: true, create_graph: true)[0];
        var second = TorchSharp.torch.autograd.grad(new[] { gradient.mul(gradient).sum() }, new[] { audio })[0];
        Assert.True(gradient.isfinite().all().item<bool>() && second.isfinite().all().item<bool>(), "a gradient is not finite");
    }

    [Fact]
    public void Should_shift_each_example_by_at_most_n_samples_with_reflection_in_phase_shuffle()
    {
        // Given features whose values are their positions, for 32 examples
        using var positions = TorchSharp.torch.arange(10, TorchSharp.torch.ScalarType.Float32).expand(32, 3, 10).contiguous();

        using var shuffled = GanLab.Models.WaveGanDiscriminator.PhaseShuffled(positions, 2);

        // Then each example's channels are all moved by one shift k in [-2, 2]: value at i = reflect(i - k)
        var seen = new HashSet<int>();
        for (var example = 0; example < 32; example++)
        {
            var row = shuffled[example, 0].data<float>().ToArray();
            var shift = Enumerable.Range(-2, 5).Single(k => Enumerable.Range(0, 10).All(i => row[i] == Reflect(i - k)));
            seen.Add(shift);
            Assert.Equal(row, shuffled[example, 2].data<float>().ToArray());
        }
        Assert.True(seen.Count >= 3, $"shifts seen: {string.Join(",", seen)}");

        static float Reflect(int index) => index < 0 ? -index : index > 9 ? 18 - index : index;
    }

    [Fact]
    public void Should_build_WaveGAN_with_BatchNorm_in_G_and_only_the_spectrogram_D_when_asked()
    {
        var config = new GanLab.Models.WaveGanConfig { GeneratorBatchNorm = true, WaveformDiscriminator = false, SpectrogramDiscriminator = true };
        using var model = config.Build();
        using var noise = TorchSharp.torch.randn(3, 100);

        using var audio = model.Generator.call(noise);
        using var scores = model.RequiredDiscriminator.call(audio);

        // G: a norm after the projection and after each of the four hidden transposed convolutions
        Assert.Equal(new long[] { 3, 1, SpokenDigits.ClipLength }, audio.shape);
        Assert.True(audio.abs().max().item<float>() <= 1);
        Assert.Equal(5, model.Generator.modules().Count(module => module is TorchSharp.Modules.BatchNorm1d));
        // D: exactly SpecGAN's D, no waveform convolutions beside it
        using var specGan = new GanLab.Models.SpecGanDiscriminator(config.Features, 1);
        Assert.Equal(specGan.parameters().Sum(weights => weights.numel()), model.RequiredDiscriminator.parameters().Sum(weights => weights.numel()));
        Assert.Equal(new long[] { 3, 1 }, scores.shape);
        // And a D that judges nothing is refused, naming the setting
        var error = Assert.Throws<ArgumentException>(() => new GanLab.Models.WaveGanConfig { WaveformDiscriminator = false }.Validate());
        Assert.StartsWith("waveformDiscriminator: false needs spectrogramDiscriminator", error.Message);
        // And so is a spectrogram floor that would let the logarithm see zero
        var floorError = Assert.Throws<ArgumentException>(() => (config with { SpectrogramFloor = 0 }).Validate());
        Assert.StartsWith("spectrogramFloor must be a positive number", floorError.Message);
    }
}
