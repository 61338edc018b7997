// Lesson 08-what-changed-since-dcgan as a .NET file-based app, generated from notebooks/08-what-changed-since-dcgan.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/08-what-changed-since-dcgan.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/08-what-changed-since-dcgan.html.
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

using var lesson = Lesson.Start("08-what-changed-since-dcgan", cellCount: 16);
lesson.Markdown("""
# 08 · What changed since DCGAN

GanLab's first GANs are the 2015-2018 set: DCGAN, the non-saturating loss, PacGAN's packing, WGAN-GP, R1. Their
numbers show their age: `dcgan-mnist` lands at a Frechet distance of 14 against a real-vs-real floor of 0.2, and
the plain GAN drops modes of the 25-Gaussian grid. "The GAN is dead; long live the GAN!" (R3GAN, Huang et al.,
NeurIPS 2024) argues that a well-regularised loss plus a plain modern network is enough, without packing or other
tricks. This lesson takes that recipe apart, one piece at a time, on GanLab's one training core: every piece is a
setting of a preset, not a new trainer.

**What you will learn**
- why the relativistic pairing loss with R1 and R2 keeps modes where the non-saturating loss drops them;
- what a residual G and D without normalisation look like, and what they cost on a CPU;
- what an exponential moving average (EMA) of G's weights does to sample quality;
- how to remove one piece at a time and measure what each does (an ablation).
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The objective: compare each real sample with a generated one

The non-saturating loss asks D one question per sample: "is this real?". D can answer it by pushing all generated
samples down at once, and G then improves by moving *all* its samples towards wherever D is most fooled, which is
how modes get dropped. The relativistic pairing loss (RpGAN, Jolicoeur-Martineau 2019) asks instead "is this real
sample more real than that generated one?": D minimises softplus(-(D(x) - D(G(z)))), G the mirror image. Sun et al.
(2020) showed that this landscape has no basins in which G covers only some modes. It can still oscillate; R3GAN
adds R1 (a penalty on D's gradient at real samples, Mescheder et al. 2018) and R2 (the same at generated samples),
which together make training converge locally.

The grid below trains the same small MLPs on the 25-Gaussian grid, without packing, removing one piece at a time.
""");
lesson.Code("""
var grid = ToyDistribution.Grid;
var toySteps = session.Steps(4000, 100);
var noPenalties = Array.Empty<Regulariser>();
var objectives = new (string Name, string File, Preset Preset)[]
{
    ("RpGAN + R1 + R2 (toy-grid-r3gan)", "08-grid-r3gan", Presets.ToyGridR3gan),
    ("RpGAN, no penalties", "08-grid-rpgan", Presets.ToyGridR3gan.WithAdversarial(phase => phase with { Regularisers = noPenalties })),
    ("non-saturating, no penalties", "08-grid-plain", Presets.ToyGridR3gan.WithAdversarial(phase => phase with { Loss = LossKind.NonSaturating, Regularisers = noPenalties })),
};
var toyRuns = objectives.Select(item => (item.Name, Run: Lab.Train(session, item.Preset, toySteps, item.File, live: false))).ToList();
Tables.Coverage(toyRuns.Select(item => (item.Name, GeneratorCoverage.Measure(item.Run.Model, grid))))
""");
var grid = ToyDistribution.Grid;
var toySteps = session.Steps(4000, 100);
var noPenalties = Array.Empty<Regulariser>();
var objectives = new (string Name, string File, Preset Preset)[]
{
    ("RpGAN + R1 + R2 (toy-grid-r3gan)", "08-grid-r3gan", Presets.ToyGridR3gan),
    ("RpGAN, no penalties", "08-grid-rpgan", Presets.ToyGridR3gan.WithAdversarial(phase => phase with { Regularisers = noPenalties })),
    ("non-saturating, no penalties", "08-grid-plain", Presets.ToyGridR3gan.WithAdversarial(phase => phase with { Loss = LossKind.NonSaturating, Regularisers = noPenalties })),
};
var toyRuns = objectives.Select(item => (item.Name, Run: Lab.Train(session, item.Preset, toySteps, item.File, live: false))).ToList();
lesson.Display(Tables.Coverage(toyRuns.Select(item => (item.Name, GeneratorCoverage.Measure(item.Run.Model, grid)))));
lesson.Code("""
new PictureRow(toyRuns.Select(item => Pictures.Samples(item.Run, item.Name)).ToArray())
""");
lesson.Display(new PictureRow(toyRuns.Select(item => Pictures.Samples(item.Run, item.Name)).ToArray()));
lesson.Markdown("""
**Reading the table.** At this lesson's 4,000 steps (the preset trains 60,000), RpGAN with R1 and R2 kept 23 of the
25 modes, RpGAN alone 16 and the non-saturating loss 15 (seed 1, this machine). The pairing loss alone does not
hold the grid; with both penalties it does. Few samples are precise yet (12% within 3 sigma): on the grid, precision
comes late, as the learning rate decays. The preset at full length (`./ganlab train toy-grid-r3gan`) covered 25 of
25 modes with 96.8% high-quality samples on seed 1, without packing, where PacGAN4 reports 24.8 modes and 93.6%
(README, Modern GANs).
""");
lesson.Markdown("""
## 2. The architecture: residual blocks, no normalisation

R3GAN's networks are a ResNet in the style of ConvNeXt: each block computes x + 1x1(act(grouped 3x3(act(1x1(x))))),
there are no normalisation layers at all, the block's last layer starts at zero (so every block starts as the
identity and the network as a shallow one), and resolutions change by bilinear resampling. GanLab's `residual`
family is that design at 7x7, 14x14 and 28x28 with one block per stage, sized for a CPU: a step with the R3GAN
objective costs about 1.6 times a DCGAN step (docs/architecture.md has the measurements).

On a CPU budget that family learns slowly (section 3 measures it), so `r3gan-mnist` keeps DCGAN-28's networks at
half width (32 feature maps, a step a third of DCGAN-28's) with GroupNorm in D instead of BatchNorm: R1 and R2 are
gradients of D per sample, which batch statistics would mix. The residual family is one of the ablations below.
""");
lesson.Code("""
var residual = new ResidualGanConfig().Build();
var dcgan = new DcganConfig().Build();
var halfDcgan = Presets.R3ganMnist.Model.Build();
long Count(TorchSharp.torch.nn.Module network) => network.parameters().Sum(parameter => parameter.numel());
new TextTable(new[] { "family", "G parameters", "D parameters", "normalisation" }, new[]
{
    (IReadOnlyList<string>)new[] { "DCGAN-28 (dcgan-mnist)", Count(dcgan.Generator).ToString("N0"), Count(dcgan.Discriminator!).ToString("N0"), "BatchNorm in G and D" },
    new[] { "DCGAN-28 at 32 maps (r3gan-mnist)", Count(halfDcgan.Generator).ToString("N0"), Count(halfDcgan.Discriminator!).ToString("N0"), "BatchNorm in G, GroupNorm in D" },
    new[] { "residual (R3GAN's design)", Count(residual.Generator).ToString("N0"), Count(residual.Discriminator!).ToString("N0"), "none" },
})
""");
var residual = new ResidualGanConfig().Build();
var dcgan = new DcganConfig().Build();
var halfDcgan = Presets.R3ganMnist.Model.Build();
long Count(TorchSharp.torch.nn.Module network) => network.parameters().Sum(parameter => parameter.numel());
lesson.Display(new TextTable(new[] { "family", "G parameters", "D parameters", "normalisation" }, new[]
{
    (IReadOnlyList<string>)new[] { "DCGAN-28 (dcgan-mnist)", Count(dcgan.Generator).ToString("N0"), Count(dcgan.Discriminator!).ToString("N0"), "BatchNorm in G and D" },
    new[] { "DCGAN-28 at 32 maps (r3gan-mnist)", Count(halfDcgan.Generator).ToString("N0"), Count(halfDcgan.Discriminator!).ToString("N0"), "BatchNorm in G, GroupNorm in D" },
    new[] { "residual (R3GAN's design)", Count(residual.Generator).ToString("N0"), Count(residual.Discriminator!).ToString("N0"), "none" },
}));
lesson.Code("""
Tables.Architecture(residual)
""");
lesson.Display(Tables.Architecture(residual));
lesson.Markdown("""
## 3. Images: the whole recipe, and without its parts

`r3gan-mnist` combines RpGAN + R1 + R2 (gamma 1, applied lazily: every 4th D update with 4 times the weight, as
StyleGAN2 does, because the double backward pass is the expensive part), Adam with beta1 0 at a learning rate of
8e-4 (four times DCGAN's; the penalties keep D smooth enough for it) and beta2 rising from 0.9 to 0.99, and an EMA of
G's weights (decay 0.99) that draws the samples, on DCGAN-28's networks at half width. Below it trains briefly beside
three ablations, each removing one piece: the non-saturating loss without penalties, Adam at DCGAN's 2e-4, and
R3GAN's residual networks in place of DCGAN's.
""");
lesson.Code("""
var imageSteps = session.Steps(600, 10);
var modern = Lab.Train(session, Presets.R3ganMnist, imageSteps, "08-r3gan-mnist");
var oldLoss = Lab.Train(session, Presets.R3ganMnist.WithAdversarial(phase => phase with { Loss = LossKind.NonSaturating, Regularisers = noPenalties }),
    imageSteps, "08-nonsaturating", live: false);
var slowAdam = Lab.Train(session, Presets.R3ganMnist.WithAdversarial(phase => phase with
{
    GeneratorOptimizer = phase.GeneratorOptimizer with { LearningRate = 2e-4 },
    DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { LearningRate = 2e-4 },
}), imageSteps, "08-rate-2e-4", live: false);
var residualNetworks = Lab.Train(session, Presets.R3ganMnist with { Model = new ResidualGanConfig { GeneratorAverage = 0.99 } },
    imageSteps, "08-residual-networks", live: false);
""");
var imageSteps = session.Steps(600, 10);
var modern = Lab.Train(session, Presets.R3ganMnist, imageSteps, "08-r3gan-mnist");
var oldLoss = Lab.Train(session, Presets.R3ganMnist.WithAdversarial(phase => phase with { Loss = LossKind.NonSaturating, Regularisers = noPenalties }),
    imageSteps, "08-nonsaturating", live: false);
var slowAdam = Lab.Train(session, Presets.R3ganMnist.WithAdversarial(phase => phase with
{
    GeneratorOptimizer = phase.GeneratorOptimizer with { LearningRate = 2e-4 },
    DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { LearningRate = 2e-4 },
}), imageSteps, "08-rate-2e-4", live: false);
var residualNetworks = Lab.Train(session, Presets.R3ganMnist with { Model = new ResidualGanConfig { GeneratorAverage = 0.99 } },
    imageSteps, "08-residual-networks", live: false);
lesson.Markdown("""
EMA costs nothing to try: the run keeps both G and its average, so the same run is measured twice, once from each.
""");
lesson.Code("""
var sampleCount = session.Smoke ? 100 : 1000;
var full = modern.Evaluate(sampleCount);
modern.Model.SampleFromAverage = false;
var rawG = modern.Evaluate(sampleCount);
var rawPicture = Pictures.Samples(modern, "raw G (no EMA)");
modern.Model.SampleFromAverage = true;
var ablations = new (string Name, RunEvaluation Evaluation)[]
{
    ("r3gan-mnist (everything)", full),
    ("without EMA (raw G of the same run)", rawG),
    ("without RpGAN + R1 + R2 (non-saturating loss)", oldLoss.Evaluate(sampleCount)),
    ("without the high learning rate (Adam at 2e-4)", slowAdam.Evaluate(sampleCount)),
    ("R3GAN's residual networks instead of DCGAN's", residualNetworks.Evaluate(sampleCount)),
};
new TextTable(new[] { "run", "Frechet distance", "classifier score", "precision", "recall" },
    ablations.Select(item => (IReadOnlyList<string>)new[]
    {
        item.Name, item.Evaluation.Metrics["fd"].ToString("F2"), item.Evaluation.Metrics["classifier_score"].ToString("F2"),
        item.Evaluation.Metrics["precision"].ToString("F2"), item.Evaluation.Metrics["recall"].ToString("F2"),
    }).ToList())
""");
var sampleCount = session.Smoke ? 100 : 1000;
var full = modern.Evaluate(sampleCount);
modern.Model.SampleFromAverage = false;
var rawG = modern.Evaluate(sampleCount);
var rawPicture = Pictures.Samples(modern, "raw G (no EMA)");
modern.Model.SampleFromAverage = true;
var ablations = new (string Name, RunEvaluation Evaluation)[]
{
    ("r3gan-mnist (everything)", full),
    ("without EMA (raw G of the same run)", rawG),
    ("without RpGAN + R1 + R2 (non-saturating loss)", oldLoss.Evaluate(sampleCount)),
    ("without the high learning rate (Adam at 2e-4)", slowAdam.Evaluate(sampleCount)),
    ("R3GAN's residual networks instead of DCGAN's", residualNetworks.Evaluate(sampleCount)),
};
lesson.Display(new TextTable(new[] { "run", "Frechet distance", "classifier score", "precision", "recall" },
    ablations.Select(item => (IReadOnlyList<string>)new[]
    {
        item.Name, item.Evaluation.Metrics["fd"].ToString("F2"), item.Evaluation.Metrics["classifier_score"].ToString("F2"),
        item.Evaluation.Metrics["precision"].ToString("F2"), item.Evaluation.Metrics["recall"].ToString("F2"),
    }).ToList()));
lesson.Code("""
new PictureRow(new[]
{
    Pictures.Samples(modern, "r3gan-mnist (EMA)"), rawPicture, Pictures.Samples(oldLoss, "non-saturating loss"),
    Pictures.Samples(slowAdam, "Adam at 2e-4"), Pictures.Samples(residualNetworks, "residual networks"),
})
""");
lesson.Display(new PictureRow(new[]
{
    Pictures.Samples(modern, "r3gan-mnist (EMA)"), rawPicture, Pictures.Samples(oldLoss, "non-saturating loss"),
    Pictures.Samples(slowAdam, "Adam at 2e-4"), Pictures.Samples(residualNetworks, "residual networks"),
}));
lesson.Markdown("""
**Reading the table.** After 600 steps (this machine, seed 1) the whole recipe, its raw G and the non-saturating loss
are level (Frechet distance 24.2, 23.1 and 22.9): on MNIST, over a short run, the loss is not what separates them.
The objective earns its place elsewhere: it keeps the grid's modes (section 1) and Stacked MNIST's 1,000 (README),
and it holds training steady at a learning rate four times DCGAN's. That rate is the piece that matters most here:
Adam at DCGAN's 2e-4 is still at 119 after 600 steps, where 8e-4 has taken off. R3GAN's residual networks (50.0)
learn more slowly per step than DCGAN's and each step costs about seven times as much on a CPU. EMA changes little
this early; its decay ramps up from 0.1 and averages only the last hundred or so steps.

Run to its end, `./ganlab train r3gan-mnist` (6,500 steps, under 9 minutes on 2 cores) reaches 4.15, where
`dcgan-mnist` reaches 14.07 in 3,000 steps and a little more time; its raw G scores 4.31.
""");
lesson.Markdown("""
## What to try next
- DiffAugment (Zhao et al. 2020) matters when data is scarce: `./ganlab train r3gan-mnist --set data.limit=500
  --set training.phases.0.augmentation.colour=true` against the same without `augmentation`.
- Spectral normalisation of D (Miyato et al. 2018), the other classic way to tame D: `--set model.spectralNorm=true`.
- `./ganlab train r3gan-stacked-mnist` and `./ganlab eval` count how many of Stacked MNIST's 1,000 modes it covers;
  `dcgan-stacked-mnist` beside it shows the distance travelled since DCGAN (README, Modern GANs).
""");
