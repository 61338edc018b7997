using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>The speech presets (issue: "GANs that speak"): SpecGAN-small on the spoken digits.</summary>
public static partial class Presets
{
    /// <summary>SpecGAN, small, on the spoken digits, with DCGAN's loss and Adam settings.</summary>
    public static Preset SpecGanDigits => specGanDigits ??= new("specgan-digits",
        "SpecGAN-small on spoken digits (128x64 log-magnitude spectrograms, DCGAN-like G and D, non-saturating loss, Adam 2e-4 beta1 0.5); audio via Griffin-Lim",
        new AudioData(Data.Audio.SpokenDigits.DataSetName), new SpecGanConfig(), OnePhase(3000, 64, 250, 1000));

    /// <summary>Class-conditional SpecGAN: ask for the digit.</summary>
    public static Preset ConditionalSpecGanDigits => conditionalSpecGanDigits ??= SpecGanDigits with
    {
        Name = "cspecgan-digits",
        Description = "Class-conditional SpecGAN-small on spoken digits (one-hot digit after z, ten class planes into D); sample i says digit i mod 10",
        Model = new SpecGanConfig { ClassCount = 10 },
        Training = SpecGanDigits.Training with { FixedSampleCount = 40 },
    };

    /// <summary>WaveGAN, small, on the spoken digits.</summary>
    public static Preset WaveGanDigits => waveGanDigits ??= new("wavegan-digits",
        "WaveGAN-small on spoken digits (1-D transposed convolutions, kernel 25, stride 4, to 8,192 samples; phase shuffle 2 in D; non-saturating loss, Adam 2e-4 beta1 0.5)",
        new AudioData(Data.Audio.SpokenDigits.DataSetName), new WaveGanConfig(), OnePhase(3000, 64, 250, 1000));

    // Made on first use: this file's static fields may be initialised before OnePhase's helpers.
    private static Preset? specGanDigits;
    private static Preset? conditionalSpecGanDigits;
    private static Preset? waveGanDigits;

    private static IEnumerable<Preset> SpeechPresets => new[] { SpecGanDigits, ConditionalSpecGanDigits, WaveGanDigits };
}
