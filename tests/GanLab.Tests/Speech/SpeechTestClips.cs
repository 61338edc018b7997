using GanLab.Data.Audio;

namespace GanLab.Tests.Speech;

/// <summary>Clips made by formula, so tests know what every file holds.</summary>
internal static class SpeechTestClips
{
    /// <summary>A tone of <paramref name="hertz"/> at <paramref name="level"/> for <paramref name="length"/> samples at 8 kHz.</summary>
    public static float[] Tone(double hertz, int length = SpokenDigits.ClipLength, double level = 0.5) =>
        Enumerable.Range(0, length).Select(index => (float)(level * Math.Sin(2 * Math.PI * hertz * index / SpokenDigits.SampleRate))).ToArray();

    /// <summary>A rising chirp with a tone over it: a signal whose phase Griffin-Lim has to find.</summary>
    public static float[] Chirp(int length = SpokenDigits.ClipLength) =>
        Enumerable.Range(0, length).Select(index =>
        {
            var time = index / (double)SpokenDigits.SampleRate;
            return (float)(0.4 * Math.Sin(2 * Math.PI * (300 * time + 600 * time * time)) + 0.2 * Math.Sin(2 * Math.PI * 1800 * time));
        }).ToArray();

    /// <summary>Writes a WAV of any format through NAudio (16-bit PCM, <paramref name="channels"/> interleaved copies).</summary>
    public static void WriteWav(string path, float[] samples, int sampleRate = SpokenDigits.SampleRate, int channels = 1)
    {
        using var writer = new NAudio.Wave.WaveFileWriter(path, new NAudio.Wave.WaveFormat(sampleRate, 16, channels));
        var pcm = samples.SelectMany(sample => Enumerable.Repeat((short)(sample * short.MaxValue), channels)).ToArray();
        writer.WriteSamples(pcm, 0, pcm.Length);
    }

    /// <summary>A wav: folder of ten digits by <paramref name="speakers"/> speakers: digit d is a tone at the centre of FFT
    /// bin 10 + 4 d (31.25 Hz per bin).</summary>
    public static void WriteDigitFolder(string folder, IEnumerable<string> speakers, int length = 6000)
    {
        Directory.CreateDirectory(folder);
        foreach (var speaker in speakers)
            for (var digit = 0; digit < 10; digit++)
                WriteWav(Path.Combine(folder, $"{digit}_{speaker}_0.wav"), Tone(31.25 * (10 + 4 * digit), length));
    }
}
