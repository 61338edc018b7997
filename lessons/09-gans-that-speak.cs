// Lesson 09-gans-that-speak as a .NET file-based app, generated from notebooks/09-gans-that-speak.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/09-gans-that-speak.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/09-gans-that-speak.html.
#:project ../src/GanLab.Lessons/GanLab.Lessons.csproj
#:property Nullable=disable
#:property TreatWarningsAsErrors=false
#:property GenerateDocumentationFile=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
using System.IO;
using GanLab.Core;
using GanLab.Data;
using GanLab.Data.Audio;
using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Experiments.Sweeps;
using GanLab.Experiments.Text;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Models.Text;
using GanLab.Privacy;
using GanLab.Training;
using GanLab.Viz;
using TorchSharp;
using static TorchSharp.torch;
using GanLab.Lessons;

using var lesson = Lesson.Start("09-gans-that-speak", cellCount: 18);
lesson.Markdown("""
# 09 · GANs that speak

The seed article names three fields for GAN sample generation: images, speech and text. This lesson is the speech
one. Donahue, McAuley and Puckette ("Adversarial Audio Synthesis", ICLR 2019) trained two GANs on SC09, people
saying the digits zero to nine: **SpecGAN**, a DCGAN on pictures of sound (spectrograms), and **WaveGAN**, which
draws the waveform itself. GanLab has both, small enough for a CPU, trained on the one core like every other GAN
here.

**What you will learn**
- what a spectrogram shows, and what it throws away (the phase);
- how Griffin-Lim guesses the phase back, and what that costs the sound;
- SpecGAN and WaveGAN trained live, with samples you can play;
- how speech GANs are measured: a digit classifier's score and Frechet distance, beside real speakers and beside
  what a GAN that learned nothing scores.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The data: digits said by synthetic voices

No spoken-digit corpus comes with Debian, NuGet or npm, but speech synthesisers do. `./ganlab data prepare
spoken-digits` renders "zero" to "nine" with every voice of `flite` and `espeak-ng` (116 speakers: four flite voices,
seven English accents of espeak-ng with 16 voice variants each), three takes per speaker and digit with seeded
changes of rate, pitch, loudness and placement and a little noise: 3,480 clips of 1.024 s at 8 kHz. The same
packages give the same bytes on every machine (the SHA-256 is in the folder). 22 speakers are held out: the
classifier that measures the GANs is scored on voices it never heard. Below: one held-out clip per digit.
""");
lesson.Code("""
// The quick (smoke) settings render twelve speakers in seconds; the full set takes about a minute the first time.
var speech = session.Smoke ? AudioData.Small(report: Console.WriteLine) : new AudioData("spoken-digits");
var heldOut = speech.LoadClips(test: true, Console.WriteLine);
var heldOutLabels = heldOut.Labels.data<long>().ToArray();
var firstOfEach = Enumerable.Range(0, 10).Select(digit => (long)Array.IndexOf(heldOutLabels, (long)digit)).ToArray();
var picked = heldOut.Waveforms.index_select(0, torch.tensor(firstOfEach));
SpeechViews.Listen(picked, firstOfEach.Select((index, digit) => $"{digit}: {heldOut.Speakers[(int)index]}").ToList(), "held-out speakers saying 0-9 (spectrograms: time across, frequency up)")
""");
// The quick (smoke) settings render twelve speakers in seconds; the full set takes about a minute the first time.
var speech = session.Smoke ? AudioData.Small(report: Console.WriteLine) : new AudioData("spoken-digits");
var heldOut = speech.LoadClips(test: true, Console.WriteLine);
var heldOutLabels = heldOut.Labels.data<long>().ToArray();
var firstOfEach = Enumerable.Range(0, 10).Select(digit => (long)Array.IndexOf(heldOutLabels, (long)digit)).ToArray();
var picked = heldOut.Waveforms.index_select(0, torch.tensor(firstOfEach));
lesson.Display(SpeechViews.Listen(picked, firstOfEach.Select((index, digit) => $"{digit}: {heldOut.Speakers[(int)index]}").ToList(), "held-out speakers saying 0-9 (spectrograms: time across, frequency up)"));
lesson.Markdown("""
## 2. What a spectrogram is

A clip is 8,192 numbers, the air pressure 8,000 times a second. The short-time Fourier transform cuts it into
overlapping windows of 256 samples (32 ms, moved on by 128) and measures how much of each frequency each window
holds: 129 frequencies from 0 to 4 kHz (31.25 Hz apart) by 65 windows. Voiced sounds show as horizontal bands
(the pitch and its harmonics, the formants that make a vowel), "s" and "f" as noise high up. SpecGAN draws the
logarithm of these magnitudes, 128 x 64 of them, normalised per frequency as in the paper.
""");
lesson.Code("""
SpeechViews.Waveform(picked[7].data<float>().ToArray(), "seven: the waveform")
""");
lesson.Display(SpeechViews.Waveform(picked[7].data<float>().ToArray(), "seven: the waveform"));
lesson.Markdown("""
## 3. Why phase is hard: Griffin-Lim

A spectrogram keeps each frequency's strength and drops its *phase*, where in its cycle each sine wave is. Without
it the windows do not join up. Griffin and Lim (1984) guess a phase, go back to sound, measure the spectrogram of
that sound, keep its phase and put the wanted magnitudes back, again and again. GanLab runs 32 iterations with
Perraudin's momentum (SpecGAN used 16). The table measures how far the rebuilt sound's spectrogram is from the
original's (spectral convergence: 0 is perfect); listen to the difference between zero and 32 iterations.
""");
lesson.Code("""
var logMagnitudes = Spectrograms.LogMagnitudes(picked);
var original = Spectrograms.Magnitudes(picked);
var rebuilt = new Dictionary<int, Tensor>();
var convergence = new List<IReadOnlyList<string>>();
foreach (var iterations in new[] { 0, 4, 32 })
{
    rebuilt[iterations] = Spectrograms.GriffinLim(logMagnitudes, iterations);
    var distance = ((Spectrograms.Magnitudes(rebuilt[iterations]) - original).norm() / original.norm()).item<float>();
    convergence.Add(new[] { iterations.ToString(), distance.ToString("F3") });
}
new TextTable(new[] { "Griffin-Lim iterations", "spectral convergence" }, convergence)
""");
var logMagnitudes = Spectrograms.LogMagnitudes(picked);
var original = Spectrograms.Magnitudes(picked);
var rebuilt = new Dictionary<int, Tensor>();
var convergence = new List<IReadOnlyList<string>>();
foreach (var iterations in new[] { 0, 4, 32 })
{
    rebuilt[iterations] = Spectrograms.GriffinLim(logMagnitudes, iterations);
    var distance = ((Spectrograms.Magnitudes(rebuilt[iterations]) - original).norm() / original.norm()).item<float>();
    convergence.Add(new[] { iterations.ToString(), distance.ToString("F3") });
}
lesson.Display(new TextTable(new[] { "Griffin-Lim iterations", "spectral convergence" }, convergence));
lesson.Code("""
SpeechViews.Listen(rebuilt[0], Enumerable.Range(0, 10).Select(digit => $"{digit}, zero phase").ToList(), "no phase retrieval: magnitudes with phase 0")
""");
lesson.Display(SpeechViews.Listen(rebuilt[0], Enumerable.Range(0, 10).Select(digit => $"{digit}, zero phase").ToList(), "no phase retrieval: magnitudes with phase 0"));
lesson.Code("""
SpeechViews.Listen(rebuilt[32], Enumerable.Range(0, 10).Select(digit => $"{digit}, 32 iterations").ToList(), "Griffin-Lim, 32 iterations")
""");
lesson.Display(SpeechViews.Listen(rebuilt[32], Enumerable.Range(0, 10).Select(digit => $"{digit}, 32 iterations").ToList(), "Griffin-Lim, 32 iterations"));
lesson.Markdown("""
## 4. SpecGAN: a DCGAN on pictures of sound

`specgan-digits` is DCGAN's recipe on 128 x 64 spectrograms: G goes from 8 x 4 to 128 x 64 by four transposed
convolutions, D back down by four strided ones. It trains with R3GAN's objective (lesson 08: the relativistic pairing
loss with R1 and R2, Adam at 8e-4 with beta1 0) and keeps an average of G's weights; with DCGAN's own loss the same
networks reached a Frechet distance of 33.7 after 3,000 steps, this recipe 8.55 after 1,500 (README, Speech GANs; words
placed anywhere in the clip, data recipe 1). Its
samples become sound through Griffin-Lim. It trains here for a few minutes; the preset's 1,500 steps (13-16 minutes)
are in the README.
""");
lesson.Code("""
var specSteps = session.Steps(450, 4);
var specgan = Lab.Train(session, Presets.SpecGanDigits with { Data = speech }, specSteps, "09-specgan");
specgan.Show($"SpecGAN after {specSteps} steps")
""");
var specSteps = session.Steps(450, 4);
var specgan = Lab.Train(session, Presets.SpecGanDigits with { Data = speech }, specSteps, "09-specgan");
lesson.Display(specgan.Show($"SpecGAN after {specSteps} steps"));
lesson.Markdown("""
## 5. WaveGAN: drawing the waveform itself

WaveGAN needs no phase retrieval: G's five transposed 1-D convolutions (kernel 25, stride 4) grow 8 values into
8,192 samples. Transposed convolutions leave periodic artefacts, a faint buzz at fixed frequencies, and the paper's D,
which reads the waveform, could detect fakes by the exact phase of that buzz; *phase shuffle* moves D's features by up
to two samples at random in every layer so it cannot. GanLab's preset gives D the clip's spectrogram instead: SpecGAN's
D judges the log magnitudes of what G drew (the paper's waveform D is `--set model.waveformDiscriminator=true`).
One lesson came with that: R1 and R2 penalise D's gradient with respect to its input, here the waveform, and through
a logarithm a quiet bin's gradient is about 1 / |X|. At SpecGAN's gamma of 1 that penalty kept D blind (its scores for
real and fake differed by 0.001), so the preset uses 0.01. In 30 minutes it learns the digits, but not evenly yet.
""");
lesson.Code("""
var waveSteps = session.Steps(200, 4);
var wavegan = Lab.Train(session, Presets.WaveGanDigits with { Data = speech }, waveSteps, "09-wavegan", live: false);
wavegan.Show($"WaveGAN after {waveSteps} steps")
""");
var waveSteps = session.Steps(200, 4);
var wavegan = Lab.Train(session, Presets.WaveGanDigits with { Data = speech }, waveSteps, "09-wavegan", live: false);
lesson.Display(wavegan.Show($"WaveGAN after {waveSteps} steps"));
lesson.Markdown("""
## 6. Measuring speech GANs

The SC09 papers score samples with a digit classifier: the inception score's formula (1 to 10; real SC09 scores
9.18) and, since Frechet distance became the habit, distances in the classifier's feature space. GanLab's
spoken-digit classifier reads log-mel spectrograms (32 mel bands) and is scored on the held-out speakers (first use
trains it, a few minutes). Every number has two anchors: the held-out speakers themselves (the floor), and what a
GAN that learned nothing scores (an untrained G of the same settings, and noise spectrograms).
""");
lesson.Code("""
var sampleCount = session.Smoke ? 100 : 200;
var evaluations = new (string Name, RunEvaluation Evaluation)[]
{
    ($"SpecGAN, {specSteps} steps", specgan.Evaluate(sampleCount)),
    ($"WaveGAN, {waveSteps} steps", wavegan.Evaluate(sampleCount)),
};
string F(double value) => value.ToString("F2");
var floor = evaluations[0].Evaluation.Reference;
new TextTable(new[] { "samples of", "Frechet distance", "classifier score", "copy rate" },
    evaluations.SelectMany(item => new[]
    {
        (IReadOnlyList<string>)new[] { item.Name, F(item.Evaluation.Metrics["fd"]), F(item.Evaluation.Metrics["classifier_score"]), item.Evaluation.Metrics["copy_rate"].ToString("P0") },
        new[] { $"  untrained G of the same family", F(item.Evaluation.Metrics["fd_untrained"]), F(item.Evaluation.Metrics["classifier_score_untrained"]), "" },
    }).Append(new[] { "noise spectrograms", F(evaluations[0].Evaluation.Metrics["fd_noise"]), F(evaluations[0].Evaluation.Metrics["classifier_score_noise"]), "" })
      .Append(new[] { "held-out speakers (floor)", F(floor["fd"]), F(floor["classifier_score"]), "" }).ToList())
""");
var sampleCount = session.Smoke ? 100 : 200;
var evaluations = new (string Name, RunEvaluation Evaluation)[]
{
    ($"SpecGAN, {specSteps} steps", specgan.Evaluate(sampleCount)),
    ($"WaveGAN, {waveSteps} steps", wavegan.Evaluate(sampleCount)),
};
string F(double value) => value.ToString("F2");
var floor = evaluations[0].Evaluation.Reference;
lesson.Display(new TextTable(new[] { "samples of", "Frechet distance", "classifier score", "copy rate" },
    evaluations.SelectMany(item => new[]
    {
        (IReadOnlyList<string>)new[] { item.Name, F(item.Evaluation.Metrics["fd"]), F(item.Evaluation.Metrics["classifier_score"]), item.Evaluation.Metrics["copy_rate"].ToString("P0") },
        new[] { $"  untrained G of the same family", F(item.Evaluation.Metrics["fd_untrained"]), F(item.Evaluation.Metrics["classifier_score_untrained"]), "" },
    }).Append(new[] { "noise spectrograms", F(evaluations[0].Evaluation.Metrics["fd_noise"]), F(evaluations[0].Evaluation.Metrics["classifier_score_noise"]), "" })
      .Append(new[] { "held-out speakers (floor)", F(floor["fd"]), F(floor["classifier_score"]), "" }).ToList()));
lesson.Markdown("""
**Reading the table.** A run at defaults on the 2-core machine (450 SpecGAN steps, 200 WaveGAN steps, 200 samples
each, 11:21 in all, 2026-12-07) gave: SpecGAN Frechet distance 17.03 against 114.77 for its untrained G, 133.09 for
noise and 1.48 for real held-out speakers, and a classifier score of 5.78 against the speakers' 9.54. So within minutes
SpecGAN has moved most of the way from nothing towards speech, and the classifier already hears a digit in many of its
clips, though fewer than in real ones. WaveGAN after 200 steps went from 156.23 to 66.48 and scores 2.18:
it makes word-shaped sound, hardly digits yet. Neither copies training clips (copy rate 0%). With the preset's 1,500 steps SpecGAN
reaches 8.68 and 7.07 (README, Speech GANs). It did not always: when the words sat anywhere in their clips (data
recipe 1) the same preset stopped at 4.88, with most samples between digits. Where a word sits is one more thing G
must learn. The full `wavegan-digits` preset (2,400 steps, 29 minutes)
reaches 29.35 and 4.91, every digit made but unevenly: with the digits equally common at the same confidence per
clip its score would be 6.45 (README, Speech GANs). Your run's numbers will differ a little
from these.
""");
lesson.Markdown("""
## What to try next
- The full presets: `./ganlab train specgan-digits` and `./ganlab train wavegan-digits` (1,500 and 2,400 steps), then
  `./ganlab eval runs/specgan-digits`; report.html plays the samples.
- `cspecgan-digits` asks for the digit: `eval` reports how often the classifier hears the digit asked for (97% for
  the preset's 1,500 steps, 17-21 minutes here).
- Your own recordings: `--data wav:FOLDER` with 8 kHz mono files named like `7_alice_0.wav`.
- WaveGAN with the paper's waveform D beside the spectrogram D: `--set model.waveformDiscriminator=true` (then
  `--set model.phaseShuffle=0` turns phase shuffle off); SpecGAN with WGAN-GP as in the paper: `--loss
  WassersteinGradientPenalty --d-steps 5`.
""");
