using GanLab.Core;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace GanLab.Data.Audio;

/// <summary>Mono WAV files read and written through NAudio: samples as floats in [-1, 1].</summary>
public static class WavFile
{
    /// <summary>Reads a mono WAV file at <paramref name="sampleRate"/> (and, when given, of exactly
    /// <paramref name="length"/> samples); anything else is refused in one line naming the file and what was expected.</summary>
    /// <exception cref="InvalidDataException">Not a WAV file, not mono, another rate or length.</exception>
    public static float[] ReadMono(string path, int sampleRate, int? length = null)
    {
        var (samples, rate) = ReadAnyRate(path);
        if (rate != sampleRate)
            throw new InvalidDataException($"{path}: sample rate {rate} Hz, expected {sampleRate} Hz (resample it, e.g. `sox IN -r {sampleRate} OUT`).");
        if (length is { } expected && samples.Length != expected)
            throw new InvalidDataException($"{path}: {samples.Length} samples ({samples.Length / (double)sampleRate:F3} s), expected {expected} ({expected / (double)sampleRate:F3} s at {sampleRate} Hz).");
        return samples;
    }

    /// <summary>Reads a mono WAV file at whatever rate it has.</summary>
    /// <exception cref="InvalidDataException">Not a WAV file or not mono.</exception>
    public static (float[] Samples, int SampleRate) ReadAnyRate(string path)
    {
        WaveFileReader reader;
        try { reader = new WaveFileReader(path); }
        catch (Exception problem) when (problem is FormatException or EndOfStreamException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a WAV file ({problem.Message.TrimEnd('.')}); expected a mono 16-bit PCM or float RIFF/WAVE file.", problem);
        }
        using (reader)
        {
            var format = reader.WaveFormat;
            if (format.Channels != 1)
                throw new InvalidDataException($"{path}: {format.Channels} channels, expected mono (1 channel; mix it down, e.g. `sox IN -c 1 OUT`).");
            var provider = reader.ToSampleProvider();
            var samples = new float[reader.SampleCount];
            var read = 0;
            while (read < samples.Length)
            {
                var count = provider.Read(samples.AsSpan(read));
                if (count == 0) break;
                read += count;
            }
            if (read < samples.Length) Array.Resize(ref samples, read);
            return (samples, format.SampleRate);
        }
    }

    /// <summary>Writes <paramref name="samples"/> as a mono 16-bit PCM WAV file atomically (clipped to [-1, 1]).</summary>
    public static void WriteMono(string path, ReadOnlySpan<float> samples, int sampleRate) =>
        AtomicFile.WriteAllBytes(path, ToBytes(samples, sampleRate));

    /// <summary>A mono 16-bit PCM WAV file's bytes (for files and for embedding in HTML audio players).</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> samples, int sampleRate)
    {
        // MemoryStream.ToArray still works after the writer closes the stream (which finishes the RIFF header).
        var memory = new MemoryStream();
        using (var writer = new WaveFileWriter(memory, new WaveFormat(sampleRate, 16, 1)))
        {
            var pcm = new short[samples.Length];
            for (var index = 0; index < samples.Length; index++)
                pcm[index] = (short)Math.Round(Math.Clamp(samples[index], -1f, 1f) * short.MaxValue);
            writer.WriteSamples(pcm, 0, pcm.Length);
        }
        return memory.ToArray();
    }

    /// <summary>Resamples mono samples to <paramref name="targetRate"/> with NAudio's windowed-sinc resampler
    /// (deterministic: the same input gives the same output on every machine).</summary>
    public static float[] Resample(float[] samples, int sourceRate, int targetRate)
    {
        if (sourceRate == targetRate) return (float[])samples.Clone();
        var source = new ArraySampleProvider(samples, sourceRate);
        var resampler = new WdlResamplingSampleProvider(source, targetRate);
        var output = new List<float>((int)((long)samples.Length * targetRate / sourceRate) + 64);
        var buffer = new float[4096];
        int count;
        while ((count = resampler.Read(buffer.AsSpan())) > 0) output.AddRange(buffer.AsSpan(0, count));
        return output.ToArray();
    }

    private sealed class ArraySampleProvider(float[] samples, int sampleRate) : ISampleProvider
    {
        private int position;

        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1);

        public int Read(Span<float> buffer)
        {
            var available = Math.Min(buffer.Length, samples.Length - position);
            samples.AsSpan(position, available).CopyTo(buffer);
            position += available;
            return available;
        }
    }
}
