// Lesson 10-gans-and-privacy as a .NET file-based app, generated from notebooks/10-gans-and-privacy.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/10-gans-and-privacy.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/10-gans-and-privacy.html.
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

using var lesson = Lesson.Start("10-gans-and-privacy", cellCount: 19);
lesson.Markdown("""
# 10 · GANs and privacy

The seed article ends on privacy: a GAN trained on people's data must not hand that data back. Notebook 07 measured
memorisation after the fact (nearest training images, copy rate); this one trains with a *guarantee*. Differential
privacy (Dwork et al. 2006) is the accepted one, and DP-SGD (Abadi et al. 2016) is how deep networks get it: clip
each example's gradient, add Gaussian noise, and count the privacy spent with an accountant.

**What you will learn**
- what epsilon and delta promise, and how the Renyi DP accountant turns noise, sampling rate and steps into epsilon;
- why only D needs the noise in a GAN, and why a GAN's D needs per-layer clipping;
- memorisation of a GAN trained long on a few digits, beside a private one (copy rate, nearest neighbours);
- what privacy costs in quality (samples, classifier score, Frechet distance).
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. What epsilon means

A training algorithm is (epsilon, delta)-differentially private when, for any two data sets that differ in one
person, the probability of any outcome (here: the trained networks) changes by at most a factor e^epsilon, except
with probability delta. An attacker who sees the networks and asks "was this digit in the training set?" can then be
right only a little more often than by guessing: the true-positive rate is at most e^epsilon times the false-positive
rate plus delta. epsilon 1 is a strong promise, epsilon 10 a weak but still meaningful one; delta should stay below
1 / (data set size).

DP-SGD makes one step private: draw each example with probability q (Poisson sampling), clip each one's gradient to
norm C, add Gaussian noise of standard deviation sigma C to the sum. Steps compose: the Renyi DP accountant
(Mironov 2017; the subsampled-Gaussian bound of Mironov, Talwar and Zhang 2019) adds up each step's Renyi
divergence at many orders alpha, then converts to epsilon at delta (classic conversion, or Balle et al. 2020's
tighter one). The same numbers come from the command line: `./ganlab privacy --sampling-rate 0.0064
--noise-multiplier 0.868 --steps 30000 --delta 1e-5`.
""");
lesson.Code("""
// The presets' setting: expected batch 64 of the 10,000 embedded digits (q = 0.0064), delta 1e-5.
const double samplingRate = 64.0 / 10_000, delta = 1e-5;
// The presets' noise (epsilon 10 and epsilon 1 over their 30,000 D updates) beside the earlier presets' 0.58 for 3,000.
double NoiseOf(Preset preset) => preset.Training.Main<AdversarialPhase>().Privacy!.NoiseMultiplier;
var noises = new[] { 0.5806, NoiseOf(Presets.PrivateDcganMnist), NoiseOf(Presets.StrictPrivateDcganMnist) };
var stepCounts = new long[] { 1000, 3000, 10000, 30000 };
new TextTable(new[] { "noise multiplier sigma" }.Concat(stepCounts.Select(steps => $"epsilon after {steps:N0} D updates")).ToArray(),
    noises.Select(sigma => (IReadOnlyList<string>)new[] { sigma.ToString("F2") }
        .Concat(stepCounts.Select(steps => RenyiAccountant.Spent(samplingRate, sigma, steps, delta).Epsilon.ToString("F2"))).ToList()).ToList())
""");
// The presets' setting: expected batch 64 of the 10,000 embedded digits (q = 0.0064), delta 1e-5.
const double samplingRate = 64.0 / 10_000, delta = 1e-5;
// The presets' noise (epsilon 10 and epsilon 1 over their 30,000 D updates) beside the earlier presets' 0.58 for 3,000.
double NoiseOf(Preset preset) => preset.Training.Main<AdversarialPhase>().Privacy!.NoiseMultiplier;
var noises = new[] { 0.5806, NoiseOf(Presets.PrivateDcganMnist), NoiseOf(Presets.StrictPrivateDcganMnist) };
var stepCounts = new long[] { 1000, 3000, 10000, 30000 };
lesson.Display(new TextTable(new[] { "noise multiplier sigma" }.Concat(stepCounts.Select(steps => $"epsilon after {steps:N0} D updates")).ToArray(),
    noises.Select(sigma => (IReadOnlyList<string>)new[] { sigma.ToString("F2") }
        .Concat(stepCounts.Select(steps => RenyiAccountant.Spent(samplingRate, sigma, steps, delta).Epsilon.ToString("F2"))).ToList()).ToList()));
lesson.Code("""
PrivacyCharts.EpsilonOverSteps(samplingRate, noises, delta, maxSteps: 30000)
""");
lesson.Display(PrivacyCharts.EpsilonOverSteps(samplingRate, noises, delta, maxSteps: 30000));
lesson.Markdown("""
Epsilon grows roughly with the square root of the steps, and falls fast as sigma rises. Below sigma 1 it also grows
fast with the steps, but look at the first row against the second: ten times the updates (3,000 -> 30,000) cost only
sigma 0.58 -> 0.87 for the same epsilon 10. A private D needs many updates to see through its noise, so the presets
take 5 D updates per G step (Bie, Kamath and Zhang 2023 found more D steps the single most useful change). The
inverse question, the noise a target needs, is what the presets were built from:
""");
lesson.Code("""
new TextTable(new[] { "target epsilon", "sigma for 30,000 D updates", "check: epsilon spent" },
    new[] { 1.0, 3.0, 10.0 }.Select(target =>
    {
        var sigma = RenyiAccountant.NoiseMultiplierFor(target, samplingRate, 30000, delta);
        return (IReadOnlyList<string>)new[] { target.ToString("F0"), sigma.ToString("F4"), RenyiAccountant.Spent(samplingRate, sigma, 30000, delta).Epsilon.ToString("F3") };
    }).ToList())
""");
lesson.Display(new TextTable(new[] { "target epsilon", "sigma for 30,000 D updates", "check: epsilon spent" },
    new[] { 1.0, 3.0, 10.0 }.Select(target =>
    {
        var sigma = RenyiAccountant.NoiseMultiplierFor(target, samplingRate, 30000, delta);
        return (IReadOnlyList<string>)new[] { target.ToString("F0"), sigma.ToString("F4"), RenyiAccountant.Spent(samplingRate, sigma, 30000, delta).Epsilon.ToString("F3") };
    }).ToList()));
lesson.Markdown("""
## 2. Why only D, and why per layer

Only D ever reads real images; G learns from D's answers alone, so a private D makes G private too
(post-processing), and G's own update needs no noise. D must not use batch statistics: BatchNorm mixes the examples
of a batch, so no example's gradient exists alone. The private presets use GroupNorm in D.

TorchSharp has no vmap, so GanLab computes per-example gradients layer by layer from one batched pass
(`PerExampleGradients`): a convolution's from its unfolded input and output gradient, GroupNorm's from the normalised
input. The cell below takes one batch of real digits and one of a fresh G's images, each with its label, and prints the
median per-example gradient norm of each of D's parameter tensors. Every example's gradient is far above C = 1, so
every one is clipped, and the tensors' parts differ fiftyfold: GroupNorm's weight and bias hold a small share. With
the earlier, unconditional D of 32 maps, real digits' gradients were some 30 times larger than generated images', and
GroupNorm's bias, which shifts every score at once, held a far larger share of a generated image's gradient: clipped
as a whole to one norm, the generated images steered that bias and D learnt to lower every score (D(x) fell to 0.01).
Clipping each parameter tensor on its own (`perLayer`, C / sqrt(tensors) each) gives every tensor the same budget in
every example, so no kind of example can steer one part of D; the presets keep it.
""");
lesson.Code("""
var privatePreset = Presets.PrivateDcganMnist;
var model = privatePreset.Model.Build();
var digits = ((ImageData)privatePreset.Data).LoadImages(session.Seed);
// The presets are class-conditional: D reads each image with its label as 10 constant planes.
var labels = digits.Labels.narrow(0, 0, 32);
var realBatch = model.DiscriminatorInput(model.FromUnitRange(digits.Images.narrow(0, 0, 32)), labels);
// Sample runs in inference mode; a clone outside it can enter a backward pass.
var fakeImages = model.Sample(model.GeneratorInput(randn(new long[] { 32, 100 }, generator: new Generator(5)), labels)).clone();
var fakeBatch = model.DiscriminatorInput(fakeImages, labels);
var chain = PerExampleGradients.ChainOf(model.Discriminator!)!;
var names = model.Discriminator!.named_parameters().Select(pair => pair.name).ToList();
double[] MedianNorms(Tensor batch, bool real)
{
    var (_, perExample) = PerExampleGradients.Gradients(chain, batch,
        scores => real ? Losses.DiscriminatorRealTerms(LossKind.NonSaturating, scores) : Losses.DiscriminatorFakeTerms(LossKind.NonSaturating, scores));
    return perExample.Select(gradient => (double)gradient.reshape(batch.shape[0], -1).norm(1).median().item<float>()).ToArray();
}
var realNorms = MedianNorms(realBatch, true);
var fakeNorms = MedianNorms(fakeBatch, false);
new TextTable(new[] { "D's parameter", "real digits: median per-example gradient norm", "G's images: median per-example gradient norm" },
    names.Select((name, index) => (IReadOnlyList<string>)new[] { name, realNorms[index].ToString("G3"), fakeNorms[index].ToString("G3") }).ToList())
""");
var privatePreset = Presets.PrivateDcganMnist;
var model = privatePreset.Model.Build();
var digits = ((ImageData)privatePreset.Data).LoadImages(session.Seed);
// The presets are class-conditional: D reads each image with its label as 10 constant planes.
var labels = digits.Labels.narrow(0, 0, 32);
var realBatch = model.DiscriminatorInput(model.FromUnitRange(digits.Images.narrow(0, 0, 32)), labels);
// Sample runs in inference mode; a clone outside it can enter a backward pass.
var fakeImages = model.Sample(model.GeneratorInput(randn(new long[] { 32, 100 }, generator: new Generator(5)), labels)).clone();
var fakeBatch = model.DiscriminatorInput(fakeImages, labels);
var chain = PerExampleGradients.ChainOf(model.Discriminator!)!;
var names = model.Discriminator!.named_parameters().Select(pair => pair.name).ToList();
double[] MedianNorms(Tensor batch, bool real)
{
    var (_, perExample) = PerExampleGradients.Gradients(chain, batch,
        scores => real ? Losses.DiscriminatorRealTerms(LossKind.NonSaturating, scores) : Losses.DiscriminatorFakeTerms(LossKind.NonSaturating, scores));
    return perExample.Select(gradient => (double)gradient.reshape(batch.shape[0], -1).norm(1).median().item<float>()).ToArray();
}
var realNorms = MedianNorms(realBatch, true);
var fakeNorms = MedianNorms(fakeBatch, false);
lesson.Display(new TextTable(new[] { "D's parameter", "real digits: median per-example gradient norm", "G's images: median per-example gradient norm" },
    names.Select((name, index) => (IReadOnlyList<string>)new[] { name, realNorms[index].ToString("G3"), fakeNorms[index].ToString("G3") }).ToList()));
lesson.Markdown("""
## 3. Training privately

Three runs of the same class-conditional DCGAN (G with 32 feature maps; D with 16, GroupNorm, 5 updates per G step;
G's average for samples), each as long:
- `dcgan-mnist-groupnorm`, the non-private twin, on all 10,000 digits;
- `dp-dcgan-mnist`, D trained with DP-SGD (noise 0.87, per-layer clipping at C = 1, Poisson batches of 64 expected),
  whose epsilon reaches 10 after the preset's 6,000 G steps (30,000 D updates);
- the twin trained on only the first 16 digits (batches of 16): the memorisation case.

Why this shape: the noise DP-SGD adds to D's gradient has a norm that grows with the square root of D's parameter
count while the clipped signal does not, so the private D is small; the labels tell D what each sample should be
(they are private too: D reads them inside the clipped per-example gradient); G's average smooths what the noisy D
passes on, and costs no privacy (post-processing). The private run's history has an `epsilon` column: the privacy
spent so far.
""");
lesson.Code("""
var steps = session.Steps(800, 20);
var twin = Lab.Train(session, Presets.DcganMnistGroupNorm, steps, "10-twin", live: false);
var privateRun = Lab.Train(session, privatePreset, steps, "10-private");
// 16 digits in batches of 16: every step shows D the whole training set.
var fewDigits = Presets.DcganMnistGroupNorm with
{
    Name = "dcgan-mnist-groupnorm-16", Data = new ImageData("mnist") { Limit = 16 }, Training = Presets.DcganMnistGroupNorm.Training with { BatchSize = 16 },
};
var memorising = Lab.Train(session, fewDigits, session.Steps(3000, 20), "10-few-digits", live: false);
""");
var steps = session.Steps(800, 20);
var twin = Lab.Train(session, Presets.DcganMnistGroupNorm, steps, "10-twin", live: false);
var privateRun = Lab.Train(session, privatePreset, steps, "10-private");
// 16 digits in batches of 16: every step shows D the whole training set.
var fewDigits = Presets.DcganMnistGroupNorm with
{
    Name = "dcgan-mnist-groupnorm-16", Data = new ImageData("mnist") { Limit = 16 }, Training = Presets.DcganMnistGroupNorm.Training with { BatchSize = 16 },
};
var memorising = Lab.Train(session, fewDigits, session.Steps(3000, 20), "10-few-digits", live: false);
lesson.Code("""
TrainingCharts.Column(privateRun.Trainer.History, Columns.Epsilon)
""");
lesson.Display(TrainingCharts.Column(privateRun.Trainer.History, Columns.Epsilon));
lesson.Code("""
new PictureRow(new[] { Pictures.Samples(twin, "non-private twin"), Pictures.Samples(privateRun, $"private, epsilon {privateRun.Trainer.History.Rows[^1][Columns.Epsilon]:F2}"), Pictures.Samples(memorising, "trained on 16 digits") })
""");
lesson.Display(new PictureRow(new[] { Pictures.Samples(twin, "non-private twin"), Pictures.Samples(privateRun, $"private, epsilon {privateRun.Trainer.History.Rows[^1][Columns.Epsilon]:F2}"), Pictures.Samples(memorising, "trained on 16 digits") }));
lesson.Markdown("""
## 4. Memorisation and quality

Each run is measured against its own training set: the copy rate is the share of samples closer (in pixels) to a
training image than 99 % of training images are to their nearest other one. A GAN that sees 16 digits over and over
can hand them back; one whose D is private cannot lean on any single digit.
""");
lesson.Code("""
var sampleCount = session.Smoke ? 100 : 1000;
var evaluations = new (string Name, TrainingRun Run)[] { ("non-private twin", twin), ("private (DP-SGD D)", privateRun), ("non-private, 16 digits", memorising) }
    .Select(pair => (pair.Name, pair.Run, Evaluation: pair.Run.Evaluate(sampleCount))).ToList();
new TextTable(new[] { "run", "epsilon", "classifier score", "Frechet distance", "copy rate", "median distance to nearest training image" },
    evaluations.Select(item => (IReadOnlyList<string>)new[]
    {
        item.Name,
        item.Run.Trainer.History.Rows[^1].Values.TryGetValue(Columns.Epsilon, out var epsilon) ? epsilon.ToString("F2") : "none (not private)",
        item.Evaluation.Metrics["classifier_score"].ToString("F2"), item.Evaluation.Metrics["fd"].ToString("F1"),
        item.Evaluation.Metrics["copy_rate"].ToString("P1"),
        item.Evaluation.Detail<MemorisationReport>("memorisation").MedianGeneratedDistance.ToString("F2"),
    }).ToList())
""");
var sampleCount = session.Smoke ? 100 : 1000;
var evaluations = new (string Name, TrainingRun Run)[] { ("non-private twin", twin), ("private (DP-SGD D)", privateRun), ("non-private, 16 digits", memorising) }
    .Select(pair => (pair.Name, pair.Run, Evaluation: pair.Run.Evaluate(sampleCount))).ToList();
lesson.Display(new TextTable(new[] { "run", "epsilon", "classifier score", "Frechet distance", "copy rate", "median distance to nearest training image" },
    evaluations.Select(item => (IReadOnlyList<string>)new[]
    {
        item.Name,
        item.Run.Trainer.History.Rows[^1].Values.TryGetValue(Columns.Epsilon, out var epsilon) ? epsilon.ToString("F2") : "none (not private)",
        item.Evaluation.Metrics["classifier_score"].ToString("F2"), item.Evaluation.Metrics["fd"].ToString("F1"),
        item.Evaluation.Metrics["copy_rate"].ToString("P1"),
        item.Evaluation.Detail<MemorisationReport>("memorisation").MedianGeneratedDistance.ToString("F2"),
    }).ToList()));
lesson.Code("""
new PictureRow(new[]
{
    new Picture(evaluations[2].Evaluation.Pictures["nearest-training.png"], "16 digits: generated (top), nearest training image (middle, bottom)", 2),
    new Picture(evaluations[1].Evaluation.Pictures["nearest-training.png"], "private: generated (top), nearest training image (middle, bottom)", 2),
})
""");
lesson.Display(new PictureRow(new[]
{
    new Picture(evaluations[2].Evaluation.Pictures["nearest-training.png"], "16 digits: generated (top), nearest training image (middle, bottom)", 2),
    new Picture(evaluations[1].Evaluation.Pictures["nearest-training.png"], "private: generated (top), nearest training image (middle, bottom)", 2),
}));
lesson.Markdown("""
**Reading the table.** The 16-digit run's copy rate is the memorisation the guarantee rules out: at full length
(6,000 steps) every one of its samples is a near copy of one of the 16 digits (median distance 0.42, where real
digits lie 8 from their nearest training digit), and its classifier score and Frechet distance look good because the
copies are real digits; only recall and the copy rate give it away. The private runs copy nothing. Privacy costs
quality, and the cost shrinks with training: at the presets' full length (`./ganlab train dp-dcgan-mnist`, 6,000 G
steps, then `./ganlab eval`) the private digits reach a Frechet distance of 24.5 and a classifier score of 6.00 at
epsilon 10, and the classifier names the intended digit for 61 % of them (the README's privacy table has the twin
beside it). This notebook's 800 steps stop at epsilon 3.4, well before that.

## 5. The other place to put the noise: GS-WGAN

GS-WGAN (Chen, Orekondy and Fritz 2020) leaves D alone and sanitises what reaches G: the gradient of G's loss at each
generated sample, clipped to C and noised (`privacy.method = GeneratorGradient`). Only G is released, so only G needs
the guarantee. Its accountant sees a Gaussian mechanism of noise multiplier sigma / (2 sqrt B) per G update
(Chen et al., Theorem 1) and, with one D that has read every digit, no subsampling: GS-WGAN's own amplification comes
from many discriminators on disjoint shards of the data, which GanLab does not build. The numbers show why the
shards matter:
""");
lesson.Code("""
new TextTable(new[] { "sigma", "batch", "epsilon after 100 G updates", "after 1,000" },
    new[] { 10.0, 50.0, 200.0 }.Select(sigma =>
    {
        var ledger = new RenyiLedger(1, sigma / (2 * Math.Sqrt(64)), delta);
        return (IReadOnlyList<string>)new[] { sigma.ToString("F0"), "64", ledger.After(100).Epsilon.ToString("F1"), ledger.After(1000).Epsilon.ToString("F1") };
    }).ToList())
""");
lesson.Display(new TextTable(new[] { "sigma", "batch", "epsilon after 100 G updates", "after 1,000" },
    new[] { 10.0, 50.0, 200.0 }.Select(sigma =>
    {
        var ledger = new RenyiLedger(1, sigma / (2 * Math.Sqrt(64)), delta);
        return (IReadOnlyList<string>)new[] { sigma.ToString("F0"), "64", ledger.After(100).Epsilon.ToString("F1"), ledger.After(1000).Epsilon.ToString("F1") };
    }).ToList()));
lesson.Markdown("""
## What to try next
- `./ganlab train dp-dcgan-mnist-eps1` spends epsilon 1 (noise 4.55): how do its digits compare?
- `--set training.phases.0.privacy.perLayer=false` clips the whole gradient: watch D(x) fall to 0.
- Larger expected batches raise the signal against the same noise: `--set training.batchSize=256` with the noise
  `./ganlab privacy --sampling-rate 0.0256 --target-epsilon 10 --steps 30000` gives.
""");
