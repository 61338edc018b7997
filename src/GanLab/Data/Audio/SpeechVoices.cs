namespace GanLab.Data.Audio;

/// <summary>One synthetic speaker: a speech synthesiser, its voice, and whether its clips are held out.</summary>
/// <param name="Engine">"flite" or "espeak-ng".</param>
/// <param name="Voice">The synthesiser's voice name (flite: kal16, awb, rms, slt; espeak-ng: accent+variant).</param>
/// <param name="HeldOut">True for the speakers of the test split (no clip of theirs is trained on).</param>
/// <param name="BasePitch">flite: the voice's usual mean pitch in Hz, scaled by the variation; espeak-ng: unused.</param>
public sealed record SpeechVoice(string Engine, string Voice, bool HeldOut, double BasePitch = 0)
{
    /// <summary>A file-name-safe speaker name ("flite-slt", "espeak-en-gb-scotland-f2").</summary>
    public string Speaker => Engine == "flite" ? $"flite-{Voice}" : $"espeak-{Voice.Replace('+', '-')}";
}

/// <summary>The speakers of the spoken-digit data set and the Debian packages that provide them.</summary>
public static class SpeechVoices
{
    /// <summary>The espeak-ng accents (English) each variant is spoken in.</summary>
    public static readonly string[] EspeakAccents = { "en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-gb-x-gbcwmd" };

    /// <summary>espeak-ng voice variants (male, female and Klatt-synthesiser voices).</summary>
    public static readonly string[] EspeakVariants = { "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3", "klatt4" };

    /// <summary>Variants whose speakers form the test split, in every accent: the classifier and the metrics are
    /// scored on voices never trained on.</summary>
    public static readonly string[] HeldOutVariants = { "m7", "f5", "klatt4" };

    /// <summary>Every speaker: four flite voices (rms held out) and each espeak-ng accent with each variant.</summary>
    public static IReadOnlyList<SpeechVoice> All { get; } = BuildAll();

    private static IReadOnlyList<SpeechVoice> BuildAll()
    {
        // Mean pitch of each flite voice (Hz) as its voice definition sets it; variations scale it.
        var voices = new List<SpeechVoice>
        {
            new("flite", "kal16", false, 105), new("flite", "awb", false, 125), new("flite", "slt", false, 170), new("flite", "rms", true, 110),
        };
        foreach (var accent in EspeakAccents)
            foreach (var variant in EspeakVariants)
                voices.Add(new SpeechVoice("espeak-ng", $"{accent}+{variant}", HeldOutVariants.Contains(variant)));
        return voices;
    }

    /// <summary>Twelve of the speakers (two flite voices and flite's held-out rms; nine espeak-ng voices, three of them
    /// held out): with three takes, 240 training and 120 test clips, for lessons' quick settings and tests.</summary>
    public static IReadOnlyList<SpeechVoice> Small { get; } = All.Where(voice => voice.Voice is "kal16" or "slt" or "rms"
        or "en-us+m1" or "en-us+f1" or "en-gb+m3" or "en-gb+f2" or "en-029+m2" or "en-gb-scotland+klatt"
        or "en-us+m7" or "en-gb+f5" or "en-029+klatt4").ToList();

    /// <summary>Throws one line naming the apt package to install when a synthesiser is missing.</summary>
    /// <exception cref="FileNotFoundException">flite or espeak-ng is not on PATH.</exception>
    public static void CheckTools()
    {
        var missing = new[] { "flite", "espeak-ng" }.Where(tool => MachineTools.FindOnPath(tool) is null).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"spoken digits are rendered by speech synthesisers; {string.Join(" and ", missing)} not found on PATH: install with `sudo apt-get install flite espeak-ng` (Debian/Ubuntu).");
    }

    /// <summary>The synthesisers' own version lines, for the provenance file.</summary>
    public static string Versions() =>
        // flite prints its version and exits with 1, so its exit code is not checked here.
        $"flite: {MachineTools.Run("flite", new[] { "--version" }, checkExit: false).Trim().Split('\n')[^1].Trim()}\nespeak-ng: {Run("espeak-ng", "--version").Trim()}";

    /// <summary>Runs a tool and returns its standard output; throws with its error output when it fails.</summary>
    internal static string Run(string tool, params string[] arguments) => MachineTools.Run(tool, arguments);
}
