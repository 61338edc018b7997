using System.Text;
using static TorchSharp.torch;

namespace GanLab.Data.Audio;

/// <summary>Labelled mono clips of one length: waveforms [N, samples] in [-1, 1], digit labels [N], speakers.</summary>
public sealed class AudioClips : IDisposable
{
    /// <summary>Takes ownership of the tensors.</summary>
    public AudioClips(string source, Tensor waveforms, Tensor labels, IReadOnlyList<string> speakers)
    {
        Source = source;
        Waveforms = waveforms;
        Labels = labels;
        Speakers = speakers;
    }

    /// <summary>Where the clips came from, in words.</summary>
    public string Source { get; }
    /// <summary>Waveforms [N, <see cref="SpokenDigits.ClipLength"/>].</summary>
    public Tensor Waveforms { get; }
    /// <summary>Digit labels [N] (int64).</summary>
    public Tensor Labels { get; }
    /// <summary>Speaker of each clip.</summary>
    public IReadOnlyList<string> Speakers { get; }
    /// <summary>Number of clips.</summary>
    public long Count => Waveforms.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Waveforms.Dispose();
        Labels.Dispose();
    }
}

/// <summary>The spoken-digit data set (rendered by <see cref="SpokenDigitsBuilder"/>) and a user's own folder of
/// labelled WAV files, both as 8 kHz clips of 8,192 samples (1.024 s, a power of two for the STFT).</summary>
public static class SpokenDigits
{
    /// <summary>Sample rate of every clip (Hz).</summary>
    public const int SampleRate = 8000;
    /// <summary>Samples per clip.</summary>
    public const int ClipLength = 8192;
    /// <summary>Shortest clip a WAV folder may hold (shorter ones are padded with silence up to <see cref="ClipLength"/>).</summary>
    public const int ShortestClip = SampleRate / 4;
    /// <summary>Seeded takes per speaker and digit.</summary>
    public const int DefaultTakes = 3;
    /// <summary>The clip list.</summary>
    public const string ManifestFileName = "manifest.csv";
    /// <summary>The data set's SHA-256.</summary>
    public const string HashFileName = "sha256.txt";
    /// <summary>manifest.csv's columns.</summary>
    public const string ManifestHeader = "file,digit,split,speaker,engine,voice,rate,pitch,gain,noise,offset,spoken_samples";
    /// <summary>The data set's name (`--data spoken-digits`).</summary>
    public const string DataSetName = "spoken-digits";

    /// <summary>$GANLAB_DATA/spoken-digits when GANLAB_DATA is set, else ~/.ganlab/data/spoken-digits.</summary>
    public static string DefaultFolder => MachineTools.DataFolder(DataSetName);

    /// <summary>The recipe's version, in recipe.txt: 2 puts each word near the centre of its clip (1 placed it anywhere in
    /// 20-80% of the free space). A rendering of another version is rendered again on first use.</summary>
    public const string Recipe = "2";
    /// <summary>The file that names the recipe a rendering was made with.</summary>
    public const string RecipeFileName = "recipe.txt";

    /// <summary>True when <paramref name="folder"/> holds a complete rendering (its hash file is written last) of this
    /// <see cref="Recipe"/>.</summary>
    public static bool IsPrepared(string folder) =>
        File.Exists(Path.Combine(folder, HashFileName)) && RecipeOf(folder) == Recipe;

    /// <summary>The recipe version of the rendering in <paramref name="folder"/> ("1" for renderings before recipe.txt,
    /// null when there is none).</summary>
    public static string? RecipeOf(string folder)
    {
        var recipe = Path.Combine(folder, RecipeFileName);
        if (File.Exists(recipe)) return File.ReadAllText(recipe).Trim();
        return File.Exists(Path.Combine(folder, HashFileName)) ? "1" : null;
    }

    /// <summary>One split of the spoken digits (test = the held-out speakers), rendering the data set on first use.</summary>
    public static AudioClips Load(bool test, string? folder = null, Action<string>? report = null)
    {
        folder ??= DefaultFolder;
        if (!IsPrepared(folder))
        {
            report?.Invoke(RecipeOf(folder) is { } older
                ? $"the spoken digits at {folder} were rendered by recipe {older}, this GanLab's is {Recipe}; rendering them again (about two minutes)"
                : $"no spoken digits at {folder}; rendering them (first use only, about two minutes)");
            SpokenDigitsBuilder.Prepare(folder, report);
        }
        var manifest = Path.Combine(folder, ManifestFileName);
        var rows = File.ReadLines(manifest).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')).ToList();
        if (rows.Any(row => row.Length != ManifestHeader.Split(',').Length))
            throw new InvalidDataException($"{manifest}: a line does not have the columns {ManifestHeader}; run `./ganlab data prepare spoken-digits` again.");
        var split = test ? "test" : "train";
        var picked = rows.Where(row => row[2] == split).ToList();
        var clips = picked.Select(row => WavFile.ReadMono(Path.Combine(folder, row[0]), SampleRate, ClipLength)).ToList();
        return Stack($"{folder} ({split} split: {picked.Select(row => row[3]).Distinct().Count()} speakers)", clips,
            picked.Select(row => long.Parse(row[1])).ToArray(), picked.Select(row => row[3]).ToList());
    }

    /// <summary>Labelled WAV files under <paramref name="folder"/> (8 kHz mono, 0.25 to 1.024 s); the digit comes from the
    /// file name's start ("7_jackson_0.wav", "seven_01.wav") or else the folder's name ("seven/", "7/"); the test split
    /// holds about a fifth of the speakers (the name part after the digit), chosen by a stable hash.</summary>
    public static AudioClips LoadWavFolder(string folder, bool test)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"wav:{folder}: no such folder; expected a folder of labelled .wav files.");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var foreign = files.FirstOrDefault(file => !file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(file).StartsWith('.'));
        if (foreign is not null) throw new InvalidDataException($"{foreign}: not a .wav file; wav:{folder} must hold only labelled .wav files.");
        var wavs = files.Where(file => file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)).ToList();
        if (wavs.Count == 0) throw new InvalidDataException($"wav:{folder}: no .wav files found; expected clips named like 7_speaker_0.wav or folders named 0-9 / zero-nine.");
        var clips = new List<float[]>();
        var labels = new List<long>();
        var speakers = new List<string>();
        foreach (var file in wavs)
        {
            var (digit, speaker) = LabelOf(file);
            if (IsHeldOut(speaker) != test) continue;
            var samples = WavFile.ReadMono(file, SampleRate);
            if (samples.Length < ShortestClip || samples.Length > ClipLength)
                throw new InvalidDataException($"{file}: {samples.Length} samples ({samples.Length / (double)SampleRate:F3} s), expected {ShortestClip} to {ClipLength} samples (0.25 to 1.024 s at {SampleRate} Hz).");
            Array.Resize(ref samples, ClipLength);
            clips.Add(samples);
            labels.Add(digit);
            speakers.Add(speaker);
        }
        if (clips.Count == 0) throw new InvalidDataException($"wav:{folder}: the {(test ? "test" : "training")} split is empty (too few speakers: name files like DIGIT_SPEAKER_TAKE.wav).");
        return Stack($"wav:{folder} ({(test ? "test" : "train")} split)", clips, labels.ToArray(), speakers);
    }

    private static (int Digit, string Speaker) LabelOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        // DIGIT_SPEAKER_TAKE (speaker names may hold hyphens); without underscores, hyphens or spaces separate.
        var parts = name.Contains('_') ? name.Split('_') : name.Split('-', ' ');
        var digit = DigitOf(parts[0]) ?? DigitOf(Path.GetFileName(Path.GetDirectoryName(file)!))
            ?? throw new InvalidDataException($"{file}: no digit label; name the file DIGIT_SPEAKER_TAKE.wav (digit 0-9 or zero-nine) or put it in a folder named after its digit.");
        return (digit, parts.Length > 1 && DigitOf(parts[0]) is not null ? parts[1] : name);
    }

    private static int? DigitOf(string text)
    {
        if (text.Length == 1 && char.IsAsciiDigit(text[0])) return text[0] - '0';
        var index = Array.IndexOf(SpokenDigitsBuilder.Words, text.ToLowerInvariant());
        return index >= 0 ? index : null;
    }

    private static bool IsHeldOut(string speaker) => MachineTools.StableHash(speaker) % 5 == 0;

    private static AudioClips Stack(string source, IReadOnlyList<float[]> clips, long[] labels, IReadOnlyList<string> speakers)
    {
        Core.TorchRuntime.EnsureLoaded();
        var flat = new float[clips.Count * ClipLength];
        for (var index = 0; index < clips.Count; index++) clips[index].CopyTo(flat, index * ClipLength);
        return new AudioClips(source, tensor(flat, new long[] { clips.Count, ClipLength }), tensor(labels), speakers);
    }
}
