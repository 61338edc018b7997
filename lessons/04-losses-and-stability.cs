// Lesson 04-losses-and-stability as a .NET file-based app, generated from notebooks/04-losses-and-stability.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/04-losses-and-stability.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/04-losses-and-stability.html.
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

using var lesson = Lesson.Start("04-losses-and-stability", cellCount: 15);
lesson.Markdown("""
# 04 · Losses and stability

The same generator and discriminator can be trained with different objectives. They share a fixed point (G's
distribution equals the data's) but give G very different gradients on the way there, which decides whether
training is stable. This notebook trains one model, the improved MLP on MNIST, with five losses and then varies
the learning rate and the number of D steps.

**What you will learn**
- the five losses GanLab implements and what each asks of D and G;
- how the saturating minimax loss starves G of gradient once D is confident (a problem the seed article names);
- how to compare runs by their gradient norms, D outputs and samples;
- what a larger learning rate or more D steps per G step do to the balance.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. Five objectives

With D's raw score s (a logit) on real x and generated G(z):

| loss | D minimises | G minimises |
|---|---|---|
| minimax (Goodfellow 2014, as written) | -log sigmoid(s_real) - log(1 - sigmoid(s_fake)) | log(1 - sigmoid(s_fake)) |
| non-saturating (the paper's fix, DCGAN) | same | -log sigmoid(s_fake) |
| least squares (LSGAN, Mao 2017) | (s_real - 1)^2 / 2 + s_fake^2 / 2 | (s_fake - 1)^2 / 2 |
| hinge (SAGAN, BigGAN) | max(0, 1 - s_real) + max(0, 1 + s_fake) | -s_fake |
| WGAN-GP (Gulrajani 2017) | s_fake - s_real + 10 (norm of grad D at mixes - 1)^2 | -s_fake |

How hard each G loss pushes one sample, against D's verdict sigmoid(s) on it (for least squares, hinge and WGAN-GP
the score is not a probability; the x axis is still sigmoid(s) so the curves can share it):
""");
lesson.Code("""
LossCharts.GeneratorGradients(LossKind.Minimax, LossKind.NonSaturating, LossKind.LeastSquares, LossKind.Hinge)
""");
lesson.Display(LossCharts.GeneratorGradients(LossKind.Minimax, LossKind.NonSaturating, LossKind.LeastSquares, LossKind.Hinge));
lesson.Markdown("""
The minimax curve falls toward zero on the left: when D rejects a fake confidently, G hardly learns from it.
The others keep pushing.

## 2. Same model, five losses

`mlp-mnist` for the same number of steps and seed each time; WGAN-GP uses its paper's five critic steps per
generator step (and so costs about three times as much per step).
""");
lesson.Code("""
// The improved MLP at half width (a quarter of the work per step): the losses' behaviour is the lesson, not the digits.
var steps = session.Steps(800, 25);
var mlp = Presets.MlpMnist with { Model = MlpGanConfig.Improved with { GeneratorHiddenSizes = new[] { 128, 256, 512 }, DiscriminatorHiddenSizes = new[] { 512, 256, 128 } } };
var runs = new List<(string Name, TrainingRun Run)>();
foreach (var loss in new[] { LossKind.Minimax, LossKind.NonSaturating, LossKind.LeastSquares, LossKind.Hinge, LossKind.Wasserstein })
{
    // WGAN-GP: the Wasserstein loss with a gradient penalty (lambda 10) and 5 critic steps per G step.
    var preset = mlp.WithAdversarial(phase => loss == LossKind.Wasserstein
        ? (phase with { Loss = loss, DiscriminatorSteps = 5 }).WithRegulariser(RegulariserKind.GradientPenalty, 10)
        : phase with { Loss = loss });
    var name = loss == LossKind.Wasserstein ? "WGAN-GP" : loss.ToString();
    runs.Add((name, Lab.Train(session, preset, steps, "04-" + name)));
}
""");
// The improved MLP at half width (a quarter of the work per step): the losses' behaviour is the lesson, not the digits.
var steps = session.Steps(800, 25);
var mlp = Presets.MlpMnist with { Model = MlpGanConfig.Improved with { GeneratorHiddenSizes = new[] { 128, 256, 512 }, DiscriminatorHiddenSizes = new[] { 512, 256, 128 } } };
var runs = new List<(string Name, TrainingRun Run)>();
foreach (var loss in new[] { LossKind.Minimax, LossKind.NonSaturating, LossKind.LeastSquares, LossKind.Hinge, LossKind.Wasserstein })
{
    // WGAN-GP: the Wasserstein loss with a gradient penalty (lambda 10) and 5 critic steps per G step.
    var preset = mlp.WithAdversarial(phase => loss == LossKind.Wasserstein
        ? (phase with { Loss = loss, DiscriminatorSteps = 5 }).WithRegulariser(RegulariserKind.GradientPenalty, 10)
        : phase with { Loss = loss });
    var name = loss == LossKind.Wasserstein ? "WGAN-GP" : loss.ToString();
    runs.Add((name, Lab.Train(session, preset, steps, "04-" + name)));
}
lesson.Markdown("""
The gradient reaching G, per run (log scale; moving average):
""");
lesson.Code("""
TrainingCharts.Compare(runs.Select(run => (run.Name, run.Run.Trainer.History)), "G gradient norm", row => row.GeneratorGradientNorm, logarithmic: true)
""");
lesson.Display(TrainingCharts.Compare(runs.Select(run => (run.Name, run.Run.Trainer.History)), "G gradient norm", row => row.GeneratorGradientNorm, logarithmic: true));
lesson.Code("""
new PictureRow(runs.Select(run => Pictures.Samples(run.Run, run.Name)).ToList())
""");
lesson.Display(new PictureRow(runs.Select(run => Pictures.Samples(run.Run, run.Name)).ToList()));
lesson.Markdown("""
Read the chart together with the samples. With the default 800 steps and seed, the minimax run's G gradient
falls to a quarter of the non-saturating run's by step 200 and to about a tenth by the end, the signature of the
saturating loss: D rejects the fakes confidently and log(1 - D(G(z))) barely moves. Longer runs or a stronger D
widen the gap. D(x) and D(G(z)) (probabilities for the two cross-entropy losses) show who is winning:
""");
lesson.Code("""
TrainingCharts.Compare(runs.Take(2).Select(run => (run.Name, run.Run.Trainer.History)), "D(x) - D(G(z))", row => row.DiscriminatorReal - row.DiscriminatorFake)
""");
lesson.Display(TrainingCharts.Compare(runs.Take(2).Select(run => (run.Name, run.Run.Trainer.History)), "D(x) - D(G(z))", row => row.DiscriminatorReal - row.DiscriminatorFake));
lesson.Markdown("""
## 3. Learning rate and D steps

Three runs of the non-saturating loss: the preset (learning rate 2e-4, one D step per G step), five times the
learning rate, and three D steps per G step. Watch the gap D(x) - D(G(z)): the larger the gap, the more D
dominates. With the default seed and 800 steps, five times the learning rate learns faster (clearer, still speckled
digits where the preset's are still grey and noisy at this point), and three D steps let D win so clearly that G retreats
to the few shapes D still accepts (mostly 1s): mode collapse caused by an overpowered discriminator.
""");
lesson.Code("""
var variants = new List<(string Name, TrainingRun Run)>
{
    ("lr 2e-4, 1 D step", runs.First(run => run.Name == "NonSaturating").Run),
    ("lr 1e-3, 1 D step", Lab.Train(session, mlp.WithAdversarial(phase => phase with {
        GeneratorOptimizer = new OptimizerSettings { LearningRate = 1e-3 }, DiscriminatorOptimizer = new OptimizerSettings { LearningRate = 1e-3 } }), steps, "04-lr-1e-3")),
    ("lr 2e-4, 3 D steps", Lab.Train(session, mlp.WithAdversarial(phase => phase with { DiscriminatorSteps = 3 }), steps, "04-d-steps-3")),
};
TrainingCharts.Compare(variants.Select(run => (run.Name, run.Run.Trainer.History)), "D(x) - D(G(z))", row => row.DiscriminatorReal - row.DiscriminatorFake)
""");
var variants = new List<(string Name, TrainingRun Run)>
{
    ("lr 2e-4, 1 D step", runs.First(run => run.Name == "NonSaturating").Run),
    ("lr 1e-3, 1 D step", Lab.Train(session, mlp.WithAdversarial(phase => phase with {
        GeneratorOptimizer = new OptimizerSettings { LearningRate = 1e-3 }, DiscriminatorOptimizer = new OptimizerSettings { LearningRate = 1e-3 } }), steps, "04-lr-1e-3")),
    ("lr 2e-4, 3 D steps", Lab.Train(session, mlp.WithAdversarial(phase => phase with { DiscriminatorSteps = 3 }), steps, "04-d-steps-3")),
};
lesson.Display(TrainingCharts.Compare(variants.Select(run => (run.Name, run.Run.Trainer.History)), "D(x) - D(G(z))", row => row.DiscriminatorReal - row.DiscriminatorFake));
lesson.Code("""
new PictureRow(variants.Select(run => Pictures.Samples(run.Run, run.Name)).ToList())
""");
lesson.Display(new PictureRow(variants.Select(run => Pictures.Samples(run.Run, run.Name)).ToList()));
lesson.Markdown("""
## What to try next
- Longer runs (`Lab.Continue(run, 3000)`) separate the losses more clearly than 800 steps; `mlp` is the improved
  MLP at half width, `Presets.MlpMnist` the full one.
- Notebook 05 turns "try a few settings" into a sweep with a results table.
""");
