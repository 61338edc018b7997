// Lesson 01-toy-gans-2d as a .NET file-based app, generated from notebooks/01-toy-gans-2d.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/01-toy-gans-2d.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/01-toy-gans-2d.html.
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

using var lesson = Lesson.Start("01-toy-gans-2d", cellCount: 28);
lesson.Markdown("""
# 01 · GANs on 2-D data, GAN Lab style

A generative adversarial network is two networks playing a game. The **generator** G turns random noise into
samples; the **discriminator** D looks at a sample and says how likely it is to be real. D learns to tell real
from generated, G learns to fool D. With 2-D points instead of images we can *see* every part of the game, the
way the browser tool [GAN Lab](https://poloclub.github.io/ganlab/) (Kahng et al., IEEE VIS 2018) shows it.

**What you will learn**
- what G and D compute, written as a dozen lines of TorchSharp, then with GanLab's trainer;
- how to read D's heatmap, G's warped noise grid and the arrows that show where G moves its points;
- why the original *minimax* loss starves G of gradient and the *non-saturating* loss does not;
- what **mode collapse** looks like while it happens, and one fix (PacGAN's packing).

Run the cells top to bottom. The first one loads GanLab (build it once first, see `notebooks/README.md`).
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The data: eight Gaussians on a ring

The real distribution has eight *modes*: tight clusters (standard deviation 0.01) on a circle of radius 1. A good
generator puts points on all eight; a generator that finds only some of them has *collapsed*.
""");
lesson.Code("""
var ring = ToyDistribution.Ring;
var real = ring.Sample(1000, new Generator(3));
Pictures.Points(real, zeros(0, 2), "1,000 real points: 8 modes on the unit circle")
""");
var ring = ToyDistribution.Ring;
var real = ring.Sample(1000, new Generator(3));
lesson.Display(Pictures.Points(real, zeros(0, 2), "1,000 real points: 8 modes on the unit circle"));
lesson.Markdown("""
## 2. A GAN in a dozen lines

G maps 2-D Gaussian noise z to a point; D maps a point to a *score* (a logit: D's probability is sigmoid(score)).
One training step has two halves:

1. **Update D** on a real batch and a generated batch: push the scores of real points up and of fake points down.
   The fake batch is `detach()`ed: this half must not change G.
2. **Update G**: generate a fresh batch, let D score it, and change G so that D scores it as *real*.

`softplus(-s)` is -log sigmoid(s), the cross-entropy of a "real" label; `softplus(s)` is that of a "fake" label.

`new LeakyRelu()` and `HeldScalars.Softplus` are GanLab's versions of TorchSharp's `nn.LeakyReLU(0.2)` and
`nn.functional.softplus`, with the same numbers: TorchSharp's turn the 0.2 (and softplus' settings) into a fresh
object on every call that the .NET garbage collector can free while libtorch is still reading it, which once in a
while stops a run with "Expected false to be true" (docs/architecture.md).
""");
lesson.Code("""
var G = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2));
var D = nn.Sequential(nn.Linear(2, 64), new LeakyRelu(), nn.Linear(64, 64), new LeakyRelu(), nn.Linear(64, 1));
var gOptimizer = optim.Adam(G.parameters(), 1e-3, 0.5, 0.999);
var dOptimizer = optim.Adam(D.parameters(), 1e-3, 0.5, 0.999);
var dataStream = new Generator(5);
for (var step = 1; step <= session.Steps(1000, 100); step++)
{
    using var scope = NewDisposeScope();
    // (1) D: real points up, generated points (detached from G) down
    var fake = G.call(randn(128, 2)).detach();
    var dLoss = HeldScalars.Softplus(-D.call(ring.Sample(128, dataStream))).mean() + HeldScalars.Softplus(D.call(fake)).mean();
    dOptimizer.zero_grad(); dLoss.backward(); dOptimizer.step();
    // (2) G: make D call fresh fakes real
    var gLoss = HeldScalars.Softplus(-D.call(G.call(randn(128, 2)))).mean();
    gOptimizer.zero_grad(); gLoss.backward(); gOptimizer.step();
}
Pictures.Points(real, G.call(randn(1000, 2)).detach(), "the hand-written GAN: real (green) and generated (purple)")
""");
var G = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2));
var D = nn.Sequential(nn.Linear(2, 64), new LeakyRelu(), nn.Linear(64, 64), new LeakyRelu(), nn.Linear(64, 1));
var gOptimizer = optim.Adam(G.parameters(), 1e-3, 0.5, 0.999);
var dOptimizer = optim.Adam(D.parameters(), 1e-3, 0.5, 0.999);
var dataStream = new Generator(5);
for (var step = 1; step <= session.Steps(1000, 100); step++)
{
    using var scope = NewDisposeScope();
    // (1) D: real points up, generated points (detached from G) down
    var fake = G.call(randn(128, 2)).detach();
    var dLoss = HeldScalars.Softplus(-D.call(ring.Sample(128, dataStream))).mean() + HeldScalars.Softplus(D.call(fake)).mean();
    dOptimizer.zero_grad(); dLoss.backward(); dOptimizer.step();
    // (2) G: make D call fresh fakes real
    var gLoss = HeldScalars.Softplus(-D.call(G.call(randn(128, 2)))).mean();
    gOptimizer.zero_grad(); gLoss.backward(); gOptimizer.step();
}
lesson.Display(Pictures.Points(real, G.call(randn(1000, 2)).detach(), "the hand-written GAN: real (green) and generated (purple)"));
lesson.Markdown("""
A small network trained briefly: the purple points have moved toward the ring, usually not onto every mode.
From here on we use GanLab's trainer, which does the same two halves plus what a real experiment needs (seeds,
history, checkpoints, other losses), with the `toy-ring` preset: 3 hidden layers of 128 units in G and D, batch
256, Adam 2e-4 decaying to 2e-5 over the second half.
""");
lesson.Markdown("""
## 3. Training with GAN Lab's view

A `FieldRecorder` takes a snapshot every tenth of the run. While it trains, the live view below updates in place:
progress, losses and the current samples.
""");
lesson.Code("""
var steps = session.Steps(2000, 150);
var ringRun = Lab.Start(session, Presets.ToyRing, steps);
var ringRecorder = new FieldRecorder(ringRun.Model, ringRun.RealExamples(300), steps / 10, LossKind.NonSaturating);
Lab.Continue(ringRun, null, "01-ring", true, ringRecorder);
""");
var steps = session.Steps(2000, 150);
var ringRun = Lab.Start(session, Presets.ToyRing, steps);
var ringRecorder = new FieldRecorder(ringRun.Model, ringRun.RealExamples(300), steps / 10, LossKind.NonSaturating);
Lab.Continue(ringRun, null, "01-ring", true, ringRecorder);
lesson.Markdown("""
How to read the picture:
- **Background**: D's output over the plane. Green where D says *real*, purple where it says *fake*, light grey
  where it cannot tell (0.5). At the game's end D is unsure on the modes, where real and generated points
  overlap; far from the data it has only ever seen fakes (or nothing) and stays purple.
- **Grey mesh**: a 20 x 20 grid of noise values pushed through G. It shows how G folds and stretches the noise
  plane onto the data; stretched cells are where G spreads few samples over a large area.
- **Green / purple dots**: real and generated points. **Red strokes**: for each generated point, the direction in
  which G's loss falls fastest, i.e. where the next G update will move it (longest stroke = strongest push).
""");
lesson.Code("""
FieldView.Figure(ringRecorder.Snapshots[^1])
""");
lesson.Display(FieldView.Figure(ringRecorder.Snapshots[^1]));
lesson.Markdown("""
Drag the slider to replay training: early on D paints wide green and purple areas, the generated points
stream toward the ring and split up among the modes, and the modes turn grey as D loses the ability to tell real
from generated there.
""");
lesson.Code("""
FieldView.Slider(ringRecorder.Snapshots)
""");
lesson.Display(FieldView.Slider(ringRecorder.Snapshots));
lesson.Markdown("""
How well did it work? The VEEGAN / PacGAN protocol draws 2,500 samples: a sample is *high quality* if it lies
within 3 standard deviations of its nearest mode, a mode is *covered* if at least one high-quality sample is
nearest to it. The reverse KL compares how often each mode is hit with the uniform 1/8 (0 = perfectly even).
""");
lesson.Code("""
var ringCoverage = GeneratorCoverage.Measure(ringRun.Model, ring);
Tables.Coverage(new[] { ("non-saturating loss", ringCoverage) })
""");
var ringCoverage = GeneratorCoverage.Measure(ringRun.Model, ring);
lesson.Display(Tables.Coverage(new[] { ("non-saturating loss", ringCoverage) }));
lesson.Code("""
ringRun.Trainer.History
""");
lesson.Display(ringRun.Trainer.History);
lesson.Markdown("""
## 4. Minimax versus non-saturating loss

Goodfellow et al. (2014) wrote the game as min over G, max over D of E log D(x) + E log(1 - D(G(z))). Taken
literally, G minimises log(1 - D(G(z))). The chart shows how strongly each version of G's loss pushes a single
sample, depending on D's verdict on it. Early in training D easily rejects fakes (D(G(z)) near 0): exactly there
the minimax gradient vanishes, while the non-saturating loss -log D(G(z)) pushes hardest. Same fixed point,
very different training signal.
""");
lesson.Code("""
LossCharts.GeneratorGradients(LossKind.Minimax, LossKind.NonSaturating)
""");
lesson.Display(LossCharts.GeneratorGradients(LossKind.Minimax, LossKind.NonSaturating));
lesson.Markdown("""
The same run with the minimax loss, and the size of the gradients G actually received in both runs:
""");
lesson.Code("""
var minimaxRun = Lab.Start(session, Presets.ToyRing.WithAdversarial(phase => phase with { Loss = LossKind.Minimax }), steps);
Lab.Continue(minimaxRun, name: "01-ring-minimax");
TrainingCharts.Compare(new[] { ("non-saturating", ringRun.Trainer.History), ("minimax", minimaxRun.Trainer.History) },
    "G gradient norm", row => row.GeneratorGradientNorm, logarithmic: true)
""");
var minimaxRun = Lab.Start(session, Presets.ToyRing.WithAdversarial(phase => phase with { Loss = LossKind.Minimax }), steps);
Lab.Continue(minimaxRun, name: "01-ring-minimax");
lesson.Display(TrainingCharts.Compare(new[] { ("non-saturating", ringRun.Trainer.History), ("minimax", minimaxRun.Trainer.History) },
    "G gradient norm", row => row.GeneratorGradientNorm, logarithmic: true));
lesson.Code("""
Tables.Coverage(new[] { ("non-saturating loss", ringCoverage), ("minimax loss", GeneratorCoverage.Measure(minimaxRun.Model, ring)) })
""");
lesson.Display(Tables.Coverage(new[] { ("non-saturating loss", ringCoverage), ("minimax loss", GeneratorCoverage.Measure(minimaxRun.Model, ring)) }));
lesson.Code("""
new PictureRow(new[] { Pictures.Samples(ringRun, "non-saturating"), Pictures.Samples(minimaxRun, "minimax") })
""");
lesson.Display(new PictureRow(new[] { Pictures.Samples(ringRun, "non-saturating"), Pictures.Samples(minimaxRun, "minimax") }));
lesson.Markdown("""
On this small problem D never becomes very confident, so the minimax run still learns. Its G gradient follows
the non-saturating run's while D is unsure and falls behind it once D gets more certain (with the default
settings: the second half of the run, several times smaller). On images, where D wins early, that difference
decides whether G learns at all (notebook 04 shows it on MNIST).

## 5. Mode collapse, seen happening

The grid has 25 modes (standard deviation 0.05, two apart). A plain GAN tends to chase the modes D currently
rates as real and abandon others: *mode collapse*. Replay the training with the slider and watch clusters of
purple points appear, wander and vanish while some real clusters stay uncovered.
""");
lesson.Code("""
var grid = ToyDistribution.Grid;
var gridSteps = session.Steps(6000, 150);
var plainGrid = Lab.Start(session, Presets.ToyGridPlain, gridSteps);
var gridRecorder = new FieldRecorder(plainGrid.Model, plainGrid.RealExamples(600), gridSteps / 10, LossKind.NonSaturating, extent: 5);
Lab.Continue(plainGrid, null, "01-grid-plain", true, gridRecorder);
FieldView.Slider(gridRecorder.Snapshots)
""");
var grid = ToyDistribution.Grid;
var gridSteps = session.Steps(6000, 150);
var plainGrid = Lab.Start(session, Presets.ToyGridPlain, gridSteps);
var gridRecorder = new FieldRecorder(plainGrid.Model, plainGrid.RealExamples(600), gridSteps / 10, LossKind.NonSaturating, extent: 5);
Lab.Continue(plainGrid, null, "01-grid-plain", true, gridRecorder);
lesson.Display(FieldView.Slider(gridRecorder.Snapshots));
lesson.Markdown("""
**A fix: packing (PacGAN, Lin et al. 2018).** D judges *two* samples at once, concatenated. A collapsed G
produces pairs that look alike far more often than real pairs do, which D can detect, so collapse is punished.
The `toy-grid` preset packs 2; everything else is identical.
""");
lesson.Code("""
var packedGrid = Lab.Train(session, Presets.ToyGrid, gridSteps, "01-grid-packed");
Tables.Coverage(new[] { ("plain GAN", GeneratorCoverage.Measure(plainGrid.Model, grid)), ("PacGAN, pack 2", GeneratorCoverage.Measure(packedGrid.Model, grid)) })
""");
var packedGrid = Lab.Train(session, Presets.ToyGrid, gridSteps, "01-grid-packed");
lesson.Display(Tables.Coverage(new[] { ("plain GAN", GeneratorCoverage.Measure(plainGrid.Model, grid)), ("PacGAN, pack 2", GeneratorCoverage.Measure(packedGrid.Model, grid)) }));
lesson.Code("""
new PictureRow(new[] { Pictures.Samples(plainGrid, "plain GAN"), Pictures.Samples(packedGrid, "PacGAN, pack 2") })
""");
lesson.Display(new PictureRow(new[] { Pictures.Samples(plainGrid, "plain GAN"), Pictures.Samples(packedGrid, "PacGAN, pack 2") }));
lesson.Markdown("""
## What to try next
- Change `steps`, the learning rate (`Presets.ToyRing.WithAdversarial(phase => phase with { GeneratorOptimizer = ... })`) or the loss
  (`LossKind.LeastSquares`, `LossKind.Hinge`, `LossKind.Wasserstein` with `.WithRegulariser(RegulariserKind.GradientPenalty, 10)`) and rerun section 3.
- `ToyDistribution.Spiral` is a continuous shape with no modes: can G draw a curve?
- Notebook 02 moves to images: the seed article's MLP GAN on MNIST digits.
""");
