using GanLab.Data.Audio;

namespace GanLab.Tests.Speech;

public class WavFileTests
{
    [Fact]
    public void Should_write_and_read_back_a_mono_clip_to_16_bit_precision()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("tone.wav");
        var tone = SpeechTestClips.Tone(440);

        WavFile.WriteMono(path, tone, SpokenDigits.SampleRate);
        var read = WavFile.ReadMono(path, SpokenDigits.SampleRate, SpokenDigits.ClipLength);

        Assert.Equal(tone.Length, read.Length);
        Assert.True(tone.Zip(read).Max(pair => Math.Abs(pair.First - pair.Second)) < 1.5 / short.MaxValue);
        Assert.Equal(44 + 2 * tone.Length, new FileInfo(path).Length);
    }

    [Fact]
    public void Should_resample_a_tone_keeping_its_frequency()
    {
        // A 500 Hz tone at 22,050 Hz (espeak-ng's rate) resampled to 8 kHz: zero crossings stay 1,000 per second.
        var source = Enumerable.Range(0, 22050).Select(index => (float)Math.Sin(2 * Math.PI * 500 * index / 22050.0 + 0.1)).ToArray();

        var resampled = WavFile.Resample(source, 22050, 8000);

        Assert.InRange(resampled.Length, 7900, 8100);
        var middle = resampled[1000..7000];
        var crossings = middle.Zip(middle.Skip(1)).Count(pair => Math.Sign(pair.First) != Math.Sign(pair.Second));
        Assert.InRange(crossings, 745, 755); // 6,000 samples = 0.75 s of 1,000 crossings per second
    }

    [Theory]
    [InlineData("stereo", "2 channels, expected mono")]
    [InlineData("rate", "sample rate 16000 Hz, expected 8000 Hz")]
    [InlineData("length", "4000 samples (0.500 s), expected 8192 (1.024 s at 8000 Hz)")]
    [InlineData("garbage", "not a WAV file")]
    public void Should_refuse_a_wav_of_the_wrong_kind_in_one_line_naming_the_file(string kind, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File(kind + ".wav");
        switch (kind)
        {
            case "stereo": SpeechTestClips.WriteWav(path, SpeechTestClips.Tone(440), channels: 2); break;
            case "rate": SpeechTestClips.WriteWav(path, SpeechTestClips.Tone(440), sampleRate: 16000); break;
            case "length": SpeechTestClips.WriteWav(path, SpeechTestClips.Tone(440, 4000)); break;
            default: File.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes("RIFX this is not audio at all, just text")); break;
        }

        var error = Assert.Throws<InvalidDataException>(() => WavFile.ReadMono(path, SpokenDigits.SampleRate, SpokenDigits.ClipLength));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
