using System.Globalization;
using System.Security.Cryptography;

namespace GanLab.Data.Audio;

/// <summary>
/// Renders the spoken-digit data set: "zero" to "nine" said by every speaker of <see cref="SpeechVoices"/> in a few
/// seeded takes that vary rate, pitch, loudness, placement in the clip and a little background noise. The same tools
/// and recipe give the same bytes (the SHA-256 in sha256.txt), so a data set is described by its recipe.
/// </summary>
public static class SpokenDigitsBuilder
{
    /// <summary>The digit words, index = label.</summary>
    public static readonly string[] Words = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" };

    /// <summary>Renders the data set into <paramref name="folder"/> (replacing an older copy only once the new one is
    /// complete) and returns its SHA-256.</summary>
    /// <param name="folder">Target folder; clips go to clips/, the list to manifest.csv.</param>
    /// <param name="report">Progress lines.</param>
    /// <param name="voices">Speakers to render (default: all); tests render a few.</param>
    /// <param name="takesPerDigit">Seeded variations per speaker and digit.</param>
    public static string Prepare(string folder, Action<string>? report = null, IReadOnlyList<SpeechVoice>? voices = null, int takesPerDigit = SpokenDigits.DefaultTakes)
    {
        SpeechVoices.CheckTools();
        voices ??= SpeechVoices.All;
        var target = Path.GetFullPath(folder);
        var partial = target + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(Path.Combine(partial, "clips"));
        var jobs = (from voice in voices from digit in Enumerable.Range(0, 10) from take in Enumerable.Range(0, takesPerDigit) select (voice, digit, take)).ToList();
        report?.Invoke($"rendering {jobs.Count} clips ({voices.Count} speakers x 10 digits x {takesPerDigit} takes) into {target}");
        var rows = new string[jobs.Count];
        var done = 0;
        using var scratch = new ScratchFolder();
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var (voice, digit, take) = jobs[index];
            rows[index] = RenderClip(partial, scratch.Path, voice, digit, take);
            var finished = Interlocked.Increment(ref done);
            if (finished % Math.Max(1, jobs.Count / 10) == 0) report?.Invoke($"  {finished}/{jobs.Count} clips");
        });
        var manifest = SpokenDigits.ManifestHeader + "\n" + string.Join("\n", rows) + "\n";
        File.WriteAllText(Path.Combine(partial, SpokenDigits.ManifestFileName), manifest);
        File.WriteAllText(Path.Combine(partial, "provenance.txt"),
            $"Rendered by `ganlab data prepare spoken-digits` (GanLab {typeof(SpokenDigitsBuilder).Assembly.GetName().Version}).\n{SpeechVoices.Versions()}\n" +
            "flite: BSD-like licence (CMU); espeak-ng: GPL-3.0-or-later. The rendered clips are synthetic speech of single words.\n");
        var hash = HashOf(partial);
        File.WriteAllText(Path.Combine(partial, SpokenDigits.RecipeFileName), SpokenDigits.Recipe + "\n");
        File.WriteAllText(Path.Combine(partial, SpokenDigits.HashFileName), hash + "\n");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(partial, target);
        report?.Invoke($"spoken digits ready: {jobs.Count} clips, SHA-256 {hash}");
        return hash;
    }

    /// <summary>SHA-256 over manifest.csv and every clip in manifest order.</summary>
    public static string HashOf(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var manifestPath = Path.Combine(folder, SpokenDigits.ManifestFileName);
        hash.AppendData(File.ReadAllBytes(manifestPath));
        foreach (var line in File.ReadLines(manifestPath).Skip(1).Where(line => line.Length > 0))
            hash.AppendData(File.ReadAllBytes(Path.Combine(folder, line[..line.IndexOf(',')])));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string RenderClip(string folder, string scratch, SpeechVoice voice, int digit, int take)
    {
        var random = new Random(StableSeed($"{voice.Speaker}/{digit}/{take}"));
        var rate = 0.8 + 0.45 * random.NextDouble();          // relative speaking rate
        var pitch = 0.8 + 0.4 * random.NextDouble();          // relative pitch
        var gain = 0.35 + 0.55 * random.NextDouble();         // peak level
        var noise = 0.001 + 0.006 * random.NextDouble();      // background noise level (standard deviation)
        var raw = Path.Combine(scratch, $"{voice.Speaker}-{digit}-{take}.wav");
        var word = Words[digit];
        if (voice.Engine == "flite")
            SpeechVoices.Run("flite", "-voice", voice.Voice, "-t", word, "-o", raw,
                "--setf", Invariant($"duration_stretch={1 / rate:F3}"), "--setf", Invariant($"int_f0_target_mean={voice.BasePitch * pitch:F1}"));
        else
            SpeechVoices.Run("espeak-ng", "-v", voice.Voice, "-s", Invariant($"{175 * rate:F0}"), "-p", Invariant($"{50 * pitch:F0}"), "-w", raw, word);
        var (rendered, sourceRate) = WavFile.ReadAnyRate(raw);
        File.Delete(raw);
        var spoken = Trim(WavFile.Resample(rendered, sourceRate, SpokenDigits.SampleRate));
        var length = Math.Min(spoken.Length, SpokenDigits.ClipLength);
        // Near the centre, as in Speech Commands (SC09's source cut each word as its loudest second). With words placed
        // anywhere in 20-80% of the free space, specgan-digits had to learn where as well as what, and scored 4.88
        // (README, Speech GANs); the classifier was sure of 75% of real clips then, 98% now.
        var offset = (int)((SpokenDigits.ClipLength - length) * (0.4 + 0.2 * random.NextDouble()));
        var peak = spoken.Take(length).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var clip = new float[SpokenDigits.ClipLength];
        for (var index = 0; index < clip.Length; index++)
        {
            var speech = index >= offset && index < offset + length ? spoken[index - offset] * (float)(gain / Math.Max(peak, 1e-6)) : 0f;
            clip[index] = speech + (float)(noise * Gaussian(random));
        }
        // Digit first, as the wav: folder loader reads labels: the rendered clips also load as `wav:FOLDER/clips`.
        var file = $"clips/{digit}_{voice.Speaker}_{take}.wav";
        File.WriteAllBytes(Path.Combine(folder, file), WavFile.ToBytes(clip, SpokenDigits.SampleRate));
        return Invariant($"{file},{digit},{(voice.HeldOut ? "test" : "train")},{voice.Speaker},{voice.Engine},{voice.Voice},{rate:F3},{pitch:F3},{gain:F3},{noise:F4},{offset},{spoken.Length}");
    }

    // Cuts the synthesiser's leading and trailing silence: the first and last sample above 2% of the peak, with 10 ms kept.
    private static float[] Trim(float[] samples)
    {
        var peak = samples.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var threshold = 0.02f * peak;
        var first = Array.FindIndex(samples, sample => Math.Abs(sample) > threshold);
        var last = Array.FindLastIndex(samples, sample => Math.Abs(sample) > threshold);
        if (first < 0) return samples;
        var margin = SpokenDigits.SampleRate / 100;
        first = Math.Max(0, first - margin);
        last = Math.Min(samples.Length - 1, last + margin);
        return samples[first..(last + 1)];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int StableSeed(string text) => (int)(MachineTools.StableHash(text) & 0x7fffffff);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
