using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>The speech presets (issue: "GANs that speak"): SpecGAN-small on the spoken digits.</summary>
public static partial class Presets
{
    /// <summary>SpecGAN, small, on the spoken digits, trained with R3GAN's objective and an EMA generator.</summary>
    // With DCGAN's non-saturating loss and Adam (2e-4, beta1 0.5) 3,000 steps reached FD 33.7 and classifier score 3.04;
    // R3GAN's objective (relativistic pairing + lazy R1 + R2, gamma 1) with the EMA generator at Adam 2e-4 gave 15.2 and
    // 4.18 in 1,500 steps (12.2 and 4.35 in 3,000). Adam at 8e-4, the lever that halved MNIST's distance, gave 8.5 and
    // 4.88 in the same 1,500 steps, and 8.7 and 7.07 once the words sat near the centre of their clips (data recipe 2;
    // README, Speech GANs). The paper trained SpecGAN with WGAN-GP and 5 D steps per G
    // step: five times the D cost of a step here. 1,500 steps took 13-16 minutes alone on 2 CPU cores (README); 3,000
    // would overrun the 30 a speech preset may take.
    public static Preset SpecGanDigits => specGanDigits ??= new("specgan-digits",
        "SpecGAN-small on spoken digits (128x64 log-magnitude spectrograms, DCGAN-like G and D; relativistic pairing loss + lazy R1 + R2 gamma 1, Adam 8e-4 beta1 0, EMA G 0.999, 1,500 steps); audio via Griffin-Lim",
        new AudioData(Data.Audio.SpokenDigits.DataSetName), new SpecGanConfig { GeneratorAverage = 0.999 }, OnePhase(1500, 64, 250, 500, R3ganPhase(1, 0.1, learningRate: 8e-4)));

    /// <summary>Class-conditional SpecGAN: ask for the digit.</summary>
    public static Preset ConditionalSpecGanDigits => conditionalSpecGanDigits ??= SpecGanDigits with
    {
        Name = "cspecgan-digits",
        Description = "Class-conditional SpecGAN-small on spoken digits (one-hot digit after z, ten class planes into D); sample i says digit i mod 10",
        Model = (SpecGanConfig)SpecGanDigits.Model with { ClassCount = 10 },
        Training = SpecGanDigits.Training with { FixedSampleCount = 40 },
    };

    /// <summary>WaveGAN, small, on the spoken digits: G makes the waveform; D judges its spectrogram.</summary>
    // With the paper's waveform D alone nothing here learned digits in 30 minutes: the non-saturating loss let D win by
    // step 450; with lazy R1 and an EMA G it stayed balanced at Frechet distance 132 at step 500; R3GAN's objective
    // reached 85.8 at 1,000 and collapsed to two digits (recipe 1, README). SpecGAN's D on the clip's spectrogram beside
    // the waveform D reached 63.6 / classifier score 1.85 in 1,000 steps (0.6 steps/s), collapsed to "eight". R1 and
    // R2 differentiate D at its input, the waveform; through the log spectrogram a quiet bin's gradient is about 1 / |X|,
    // so gamma 1 there weighs far more than on SpecGAN's normalised images and kept D blind (D(x) - D(G(z)) about
    // 0.001). Gamma 0.01 lets D see; without the waveform D a step costs 0.6-0.7 s. At Adam 8e-4 that reached 44.1 /
    // 3.33 in 2,400 steps, at 4e-4 41.4 / 4.11, and at 4e-4 falling from a quarter of the run rather than from half
    // 29.4 / 4.91; 2e-4, gamma 0.05, a spectrogram floor of 1e-2, minibatch deviation, PacGAN packs, a learning rate
    // falling from the start and batch 32 for twice the steps were behind (README, Speech GANs). What keeps the score
    // below 6 is mostly how unevenly G spreads over the digits: with every digit equally common at the same per-clip
    // confidence it would be 6.45 (class_kl 0.27).
    public static Preset WaveGanDigits => waveGanDigits ??= new("wavegan-digits",
        "WaveGAN-small on spoken digits (G: dense to 8 x 256, five 1-D transposed convolutions, kernel 25, stride 4, BatchNorm, to 8,192 samples; D: SpecGAN's D on the clip's log-magnitude spectrogram; relativistic pairing loss + lazy R1 + R2 gamma 0.01, Adam 4e-4 beta1 0 falling from a quarter of the run to 4e-5, EMA G 0.999, 2,400 steps)",
        new AudioData(Data.Audio.SpokenDigits.DataSetName),
        new WaveGanConfig { SpectrogramDiscriminator = true, WaveformDiscriminator = false, GeneratorBatchNorm = true, GeneratorAverage = 0.999 },
        OnePhase(2400, 64, 300, 600, R3ganPhase(0.01, 0.1, learningRate: 4e-4, decayStart: 0.25)));

    // Made on first use: this file's static fields may be initialised before OnePhase's helpers.
    private static Preset? specGanDigits;
    private static Preset? conditionalSpecGanDigits;
    private static Preset? waveGanDigits;

    private static IEnumerable<Preset> SpeechPresets => new[] { SpecGanDigits, ConditionalSpecGanDigits, WaveGanDigits };
}
