// Lesson 05-hyperparameter-sweep as a .NET file-based app, generated from notebooks/05-hyperparameter-sweep.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/05-hyperparameter-sweep.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/05-hyperparameter-sweep.html.
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

using var lesson = Lesson.Start("05-hyperparameter-sweep", cellCount: 15);
lesson.Markdown("""
# 05 · Hyperparameter exploration

One run says little; a grid of runs shows which settings matter. GanLab's `Sweep.Grid` trains every combination of
two settings with the same seed and measures each run with a function you give it. Here: the 2-D ring, learning
rate against D steps per G step, measured by mode coverage.

**What you will learn**
- how to run a two-setting sweep from a notebook through the library;
- how to read a sweep as a table, a heatmap and overlaid training curves;
- why the same seed everywhere makes the comparison fair.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The grid

Each cell trains `toy-ring` (3 x 128 MLPs, batch 256) for the same number of steps, from the same seed, and is
scored by the VEEGAN / PacGAN protocol on 2,500 samples (notebook 01): modes covered, share of high-quality
samples, and the reverse KL of the mode histogram. The learning rate decays linearly over the second half of each
run, as in the preset.
""");
lesson.Code("""
var steps = session.Steps(3000, 60);
var ring = ToyDistribution.Ring;
var sweep = Sweep.Grid(Presets.ToyRing, steps,
    "learning rate", new[] { 1e-4, 3e-4, 1e-3 },
    (preset, rate) => preset.WithAdversarial(phase => phase with {
        GeneratorOptimizer = phase.GeneratorOptimizer with { LearningRate = rate },
        DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { LearningRate = rate } }),
    "D steps", new[] { 1, 2 },
    (preset, dSteps) => preset.WithAdversarial(phase => phase with { DiscriminatorSteps = dSteps }),
    run =>
    {
        var coverage = GeneratorCoverage.Measure(run.Model, ring);
        return new Dictionary<string, double>
        {
            ["modes"] = coverage.ModesCovered,
            ["high quality %"] = 100 * coverage.HighQualityFraction,
            ["reverse KL"] = coverage.ReverseKl,
            ["D(G(z)), last 100"] = run.Trainer.History.Rows.TakeLast(100).Average(row => row.DiscriminatorFake),
        };
    },
    session.DeviceName,
    line => Console.WriteLine(line));
""");
var steps = session.Steps(3000, 60);
var ring = ToyDistribution.Ring;
var sweep = Sweep.Grid(Presets.ToyRing, steps,
    "learning rate", new[] { 1e-4, 3e-4, 1e-3 },
    (preset, rate) => preset.WithAdversarial(phase => phase with {
        GeneratorOptimizer = phase.GeneratorOptimizer with { LearningRate = rate },
        DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { LearningRate = rate } }),
    "D steps", new[] { 1, 2 },
    (preset, dSteps) => preset.WithAdversarial(phase => phase with { DiscriminatorSteps = dSteps }),
    run =>
    {
        var coverage = GeneratorCoverage.Measure(run.Model, ring);
        return new Dictionary<string, double>
        {
            ["modes"] = coverage.ModesCovered,
            ["high quality %"] = 100 * coverage.HighQualityFraction,
            ["reverse KL"] = coverage.ReverseKl,
            ["D(G(z)), last 100"] = run.Trainer.History.Rows.TakeLast(100).Average(row => row.DiscriminatorFake),
        };
    },
    session.DeviceName,
    line => Console.WriteLine(line));
lesson.Markdown("""
## 2. Results
""");
lesson.Code("""
Tables.Sweep(sweep)
""");
lesson.Display(Tables.Sweep(sweep));
lesson.Code("""
sweep.Heatmap("high quality %")
""");
lesson.Display(sweep.Heatmap("high quality %"));
lesson.Code("""
sweep.Heatmap("modes")
""");
lesson.Display(sweep.Heatmap("modes"));
lesson.Markdown("""
The same seed in every cell means the networks start from identical weights and see the same data order, so
differences come from the settings, not from luck. Still, one seed per cell is one sample: rerun promising cells
with other seeds (`Presets.ToyRing with { Training = Presets.ToyRing.Training with { Seed = 2 } }`) before trusting a small difference.

How the runs got there: D's loss over time, one curve per cell.
""");
lesson.Code("""
TrainingCharts.Compare(sweep.Results.Select(result => (result.Label, result.History)), "d_loss", row => row.DiscriminatorLoss)
""");
lesson.Display(TrainingCharts.Compare(sweep.Results.Select(result => (result.Label, result.History)), "d_loss", row => row.DiscriminatorLoss));
lesson.Markdown("""
## 3. The same sweep as a file, run anywhere

A notebook grid runs in this process, one setting after another. For more trials than one machine finishes over
lunch, describe the sweep as a file instead: a base preset, the settings to vary as `--set` paths with their values,
and the seeds. Every trial is then a pure function of the file and its index, so it can run as a local process, as a
task of a Slurm job array, or as a pod of a Kubernetes Indexed Job, and a rerun skips what is done. The example
`sweeps/toy-ring-lr-seeds.json` varies both learning rates of a 600-step `toy-ring` over two seeds: 4 trials.

From the command line: `./ganlab sweep plan sweeps/toy-ring-lr-seeds.json`, then
`./ganlab sweep run sweeps/toy-ring-lr-seeds.json --jobs 2` (two trials at a time, one core each) or `--slurm`
(`scripts/slurm-local.sh start` brings up a one-node cluster to try it), and `./ganlab sweep collect runs/sweeps/toy-ring-lr-seeds`
for the table and report. Here the trials run one after another in this process, through the same code:
""");
lesson.Code("""
var sweepFile = SweepFile.Load(LessonFiles.Path("sweeps/toy-ring-lr-seeds.json"));
var sweepFolder = Path.Combine("runs", "sweeps", sweepFile.Name);
foreach (var trial in sweepFile.Trials().Take(session.Smoke ? 1 : sweepFile.Trials().Count))
    SweepRunner.RunTrial(sweepFile, trial.Index, sweepFolder);
var collection = SweepCollector.Collect(sweepFile, sweepFolder);
SweepCollector.Write(sweepFile, collection, sweepFolder);
Notebook.Show(new Html($"<p>{collection.Status}; results.csv and report.html are in {Path.GetFullPath(sweepFolder)}.</p>"));
SweepCollector.Table(sweepFile, collection)
""");
var sweepFile = SweepFile.Load(LessonFiles.Path("sweeps/toy-ring-lr-seeds.json"));
var sweepFolder = Path.Combine("runs", "sweeps", sweepFile.Name);
foreach (var trial in sweepFile.Trials().Take(session.Smoke ? 1 : sweepFile.Trials().Count))
    SweepRunner.RunTrial(sweepFile, trial.Index, sweepFolder);
var collection = SweepCollector.Collect(sweepFile, sweepFolder);
SweepCollector.Write(sweepFile, collection, sweepFolder);
Notebook.Show(new Html($"<p>{collection.Status}; results.csv and report.html are in {Path.GetFullPath(sweepFolder)}.</p>"));
lesson.Display(SweepCollector.Table(sweepFile, collection));
lesson.Markdown("""
On a cluster each task runs one trial. This is the job script `--slurm` writes and submits with `sbatch` (task I
trains trial I; `%2` lets two run at once):
""");
lesson.Code("""
var script = SweepClusters.WriteSlurm(LessonFiles.Path("sweeps/toy-ring-lr-seeds.json"), sweepFile, sweepFolder, new ClusterSettings(Parallel: 2), "ganlab");
new Html($"<pre>{System.Net.WebUtility.HtmlEncode(File.ReadAllText(script))}</pre>")
""");
var script = SweepClusters.WriteSlurm(LessonFiles.Path("sweeps/toy-ring-lr-seeds.json"), sweepFile, sweepFolder, new ClusterSettings(Parallel: 2), "ganlab");
lesson.Display(new Html($"<pre>{System.Net.WebUtility.HtmlEncode(File.ReadAllText(script))}</pre>"));
lesson.Markdown("""
## What to try next
- Swap the axes for others: `LossKind` values, `Pack` (`preset with { Model = new ToyGanConfig { Pack = 2 } }`),
  batch size, or the grid data set (`Presets.ToyGrid`, 25 modes).
- Put a different score in the measure function, e.g. the time per step or D(x) at the end.
""");
