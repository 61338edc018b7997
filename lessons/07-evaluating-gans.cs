// Lesson 07-evaluating-gans as a .NET file-based app, generated from notebooks/07-evaluating-gans.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/07-evaluating-gans.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/07-evaluating-gans.html.
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

using var lesson = Lesson.Start("07-evaluating-gans", cellCount: 28);
lesson.Markdown("""
# 07 · Evaluating GANs

A GAN has no loss that says how good its samples are: D's loss only says how well D is doing against this G. To
compare runs you need measurements of the samples themselves. The usual ones (FID, KID, Inception score,
precision/recall) compare *features* of generated and real images, and the features come from an Inception
network whose weights must be downloaded. GanLab trains its own small classifier for MNIST and Fashion-MNIST instead
(the recipe TF-GAN uses for its "MNIST score") and measures every run with it, offline.

**What you will learn**
- what Frechet distance, KID, classifier score, precision, recall and the class histogram each see, and what each misses;
- why every score needs the real-vs-real floor beside it;
- how to follow metrics during training, and check a generator for memorised training images;
- conditional GANs: asking for a class, checking it got that class, and walking between classes;
- mode coverage on the ring and grid (VEEGAN / PacGAN protocol) and on Stacked MNIST's 1,000 modes.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. A feature space without downloads

The classifier is a small CNN (two convolution blocks, a 128-unit hidden layer, ten outputs). Its 128 hidden
activations are the features; its class probabilities feed the classifier score and the class histogram. It is
trained on first use (a few minutes on two cores), cached in `~/.ganlab/classifiers` with its test accuracy and a
fingerprint of the data it saw; a cache for other data or another network layout is retrained, not trusted.

The embedded MNIST digits have no official test split, so the last 20% are held out: the classifier never sees them,
and they are the "real" side of every floor below.
""");
lesson.Code("""
var evaluator = ImageEvaluator.ForDataSet("mnist", message => Console.WriteLine(message), sampleCount: session.Smoke ? 500 : 1000);
var record = evaluator.Classifier.Record;
new Html($"<p>MNIST classifier: <b>{record.TestAccuracy:P2}</b> accuracy on {record.TestCount:N0} held-out digits, trained on {record.TrainCount:N0} " +
         $"({record.Epochs} epochs, {record.TrainingSeconds:F0} s when it was trained). Every score below uses {evaluator.SampleCount:N0} images.</p>")
""");
var evaluator = ImageEvaluator.ForDataSet("mnist", message => Console.WriteLine(message), sampleCount: session.Smoke ? 500 : 1000);
var record = evaluator.Classifier.Record;
lesson.Display(new Html($"<p>MNIST classifier: <b>{record.TestAccuracy:P2}</b> accuracy on {record.TestCount:N0} held-out digits, trained on {record.TrainCount:N0} " +
         $"({record.Epochs} epochs, {record.TrainingSeconds:F0} s when it was trained). Every score below uses {evaluator.SampleCount:N0} images.</p>"));
lesson.Markdown("""
## 2. What each metric sees and misses

Instead of a GAN, take image sets whose flaws are known and see which metric notices:

- **held-out real digits**: the floor. A perfect generator scores here, not at 0, because two finite samples of the
  same distribution still differ;
- **copies of training digits**: a generator that memorised its data;
- **digits 0-4 only**: half the modes dropped (partial mode collapse);
- **one digit repeated**: total collapse;
- **blurred digits** and **noisy digits**: every mode present, each image worse;
- **uniform noise**.
""");
lesson.Code("""
var n = evaluator.SampleCount;
var test = evaluator.Data.Test;
var training = evaluator.Data.Train;
var firstFive = test.Images.index_select(0, nonzero(test.Labels.lt(5)).flatten());
var sets = new (string Name, Tensor Images)[]
{
    ("held-out real digits (floor)", test.Images.narrow(0, 0, n)),
    ("copies of training digits", training.Images.narrow(0, 0, n)),
    ("digits 0-4 only", firstFive.repeat(3, 1, 1, 1).narrow(0, 0, n)),
    ("one digit repeated", test.Images.narrow(0, 0, 1).expand(n, -1, -1, -1).contiguous()),
    ("blurred digits", nn.functional.avg_pool2d(test.Images.narrow(0, 0, n), 3, stride: 1, padding: 1)),
    ("noisy digits", (test.Images.narrow(0, 0, n) + 0.3 * randn(new long[] { n, 1, 28, 28 }, generator: new Generator(3))).clamp(0, 1)),
    ("uniform noise", rand(new long[] { n, 1, 28, 28 }, generator: new Generator(4))),
};
// The training digits are embedded once and every set is checked against them.
var copyCheck = Memorisation.Prepare(training.Images, evaluator.Classifier);
var rows = sets.Select(set => (set.Name, evaluator.Score(set.Images),
    (double?)copyCheck.Check(set.Images.narrow(0, 0, Math.Min(500, n))).CopyRate)).ToList();
Notebook.Show(Pictures.Grid(cat(sets.Select(set => set.Images.narrow(0, 0, 8)).ToArray()), "one row per set, in the table's order", columns: 8));
Tables.Scores(rows)
""");
var n = evaluator.SampleCount;
var test = evaluator.Data.Test;
var training = evaluator.Data.Train;
var firstFive = test.Images.index_select(0, nonzero(test.Labels.lt(5)).flatten());
var sets = new (string Name, Tensor Images)[]
{
    ("held-out real digits (floor)", test.Images.narrow(0, 0, n)),
    ("copies of training digits", training.Images.narrow(0, 0, n)),
    ("digits 0-4 only", firstFive.repeat(3, 1, 1, 1).narrow(0, 0, n)),
    ("one digit repeated", test.Images.narrow(0, 0, 1).expand(n, -1, -1, -1).contiguous()),
    ("blurred digits", nn.functional.avg_pool2d(test.Images.narrow(0, 0, n), 3, stride: 1, padding: 1)),
    ("noisy digits", (test.Images.narrow(0, 0, n) + 0.3 * randn(new long[] { n, 1, 28, 28 }, generator: new Generator(3))).clamp(0, 1)),
    ("uniform noise", rand(new long[] { n, 1, 28, 28 }, generator: new Generator(4))),
};
// The training digits are embedded once and every set is checked against them.
var copyCheck = Memorisation.Prepare(training.Images, evaluator.Classifier);
var rows = sets.Select(set => (set.Name, evaluator.Score(set.Images),
    (double?)copyCheck.Check(set.Images.narrow(0, 0, Math.Min(500, n))).CopyRate)).ToList();
Notebook.Show(Pictures.Grid(cat(sets.Select(set => set.Images.narrow(0, 0, 8)).ToArray()), "one row per set, in the table's order", columns: 8));
lesson.Display(Tables.Scores(rows));
lesson.Markdown("""
How to read it (lower is better for Frechet distance, KID and class KL; higher for the rest):

- **Copies of training digits** score as well as real data on *every* distribution metric (Frechet distance even
  below the floor: they come from the reference set itself). Only the copy rate (share of images closer to a
  training image than 99% of training digits are to their nearest other one) gives them away: distribution
  metrics cannot detect memorisation.
- **Digits 0-4 only**: precision stays high (each image is a good digit) while recall halves, the classifier score
  drops to about 5 and the class KL jumps to ln 2 = 0.69: the histogram and recall see dropped modes, precision
  does not.
- **One digit repeated**: precision is perfect; recall 0, classifier score 1 and class KL ln 10 = 2.30 show the
  collapse. Read precision and recall together: one number hides which failure happened.
- **Blurred digits**: every class present and confidently classified, precision still high, but Frechet distance
  and KID rise and recall collapses: blurring removes the variety of strokes.
- **Noisy digits**: the classifier is fooled (the class histogram piles up, the classifier score falls) and
  precision drops. Every metric here inherits its classifier's blind spots and quirks.
- KID comes with its spread over subsets; differences smaller than that spread are noise.
""");
lesson.Markdown("""
## 3. Metrics during training

`ganlab train dcgan-mnist --metrics fd,precision,recall --metrics-every 250` records the chosen metrics in
`history.csv` while training. The same hook works in a notebook. The dashed line is the floor: the gap to it is
what is left to learn.

To stay within a few minutes, a half-width DCGAN trains only 400 steps here, far too few for clean digits: in our
run the samples were still grey scribbles, Frechet distance stayed near 170 against a floor of 0.3 and the
classifier put almost every sample in one class (classifier score 1, class KL ln 10). That is what the metrics are
for: they say how far a run is from real data, not only whether its losses look calm. The full preset
(`./ganlab train dcgan-mnist`, 3,000 steps) reaches Frechet distance 14 (README, Evaluation); try
`session.Steps(3000, 20)` below if you have ten minutes.
""");
lesson.Code("""
// DCGAN at half width (32 feature maps): a quarter of the work per step, enough to show what the metrics see.
var halfWidth = new DcganConfig { GeneratorFeatures = 32, DiscriminatorFeatures = 32 };
var measured = Presets.DcganMnist with { Model = halfWidth, Evaluation = new EvaluationSettings
{
    Metrics = new[] { "fd", "kid", "precision", "recall", "classifier_score" }, Samples = session.Smoke ? 500 : 1000,
} };
var run = Lab.Train(session, measured, session.Steps(400, 20), "07-dcgan", evaluateEvery: session.Steps(100, 10));
""");
// DCGAN at half width (32 feature maps): a quarter of the work per step, enough to show what the metrics see.
var halfWidth = new DcganConfig { GeneratorFeatures = 32, DiscriminatorFeatures = 32 };
var measured = Presets.DcganMnist with { Model = halfWidth, Evaluation = new EvaluationSettings
{
    Metrics = new[] { "fd", "kid", "precision", "recall", "classifier_score" }, Samples = session.Smoke ? 500 : 1000,
} };
var run = Lab.Train(session, measured, session.Steps(400, 20), "07-dcgan", evaluateEvery: session.Steps(100, 10));
lesson.Code("""
var history = run.Trainer.History;
var floor = run.MetricReference!;
Notebook.Show(MetricCharts.OverSteps(history, "fd", floor["fd"], "Frechet distance"));
Notebook.Show(MetricCharts.OverSteps(history, "precision", floor["precision"]));
Notebook.Show(MetricCharts.OverSteps(history, "recall", floor["recall"]));
MetricCharts.OverSteps(history, "classifier_score", floor["classifier_score"], "classifier score")
""");
var history = run.Trainer.History;
var floor = run.MetricReference!;
Notebook.Show(MetricCharts.OverSteps(history, "fd", floor["fd"], "Frechet distance"));
Notebook.Show(MetricCharts.OverSteps(history, "precision", floor["precision"]));
Notebook.Show(MetricCharts.OverSteps(history, "recall", floor["recall"]));
lesson.Display(MetricCharts.OverSteps(history, "classifier_score", floor["classifier_score"], "classifier score"));
lesson.Markdown("""
## 4. The full evaluation of a run, and memorisation

`run.Evaluate()` is what `./ganlab eval RUN_FOLDER` runs: every metric beside the floor, and for 1,000
generated images their nearest training images.
""");
lesson.Code("""
var evaluation = run.Evaluate(evaluator.SampleCount);
Tables.ImageEvaluation(evaluation)
""");
var evaluation = run.Evaluate(evaluator.SampleCount);
lesson.Display(Tables.ImageEvaluation(evaluation));
lesson.Markdown("""
Top row: generated digits. Middle: the nearest training digit by pixel distance. Bottom: the nearest by feature
distance. A column of three near-identical images would be a copy. Pixel neighbours match strokes; feature
neighbours match what the classifier considers the same kind of digit.
""");
lesson.Code("""
var memorisation = evaluation.Detail<MemorisationReport>("memorisation");
Notebook.Show(new Html($"<p>Copy rate {memorisation.CopyRate:P1}; median distance to the nearest training digit: generated " +
    $"{memorisation.MedianGeneratedDistance:F2}, real training digits to their nearest other one {memorisation.MedianRealDistance:F2}.</p>"));
new Picture(evaluation.Pictures["nearest-training.png"], "generated (top), nearest training image by pixels (middle) and by features (bottom)", 2)
""");
var memorisation = evaluation.Detail<MemorisationReport>("memorisation");
Notebook.Show(new Html($"<p>Copy rate {memorisation.CopyRate:P1}; median distance to the nearest training digit: generated " +
    $"{memorisation.MedianGeneratedDistance:F2}, real training digits to their nearest other one {memorisation.MedianRealDistance:F2}.</p>"));
lesson.Display(new Picture(evaluation.Pictures["nearest-training.png"], "generated (top), nearest training image by pixels (middle) and by features (bottom)", 2));
lesson.Markdown("""
## 5. Latent interpolation

Each row walks the great circle between two noise vectors (spherical interpolation; notebook 03 compares it with a
straight line). Smooth rows mean G learned a continuous map; abrupt switches show where one digit ends and the
next begins.
""");
lesson.Code("""
new Picture(evaluation.Pictures["interpolations.png"], "spherical interpolation between 7 noise vectors, one path per row", 2)
""");
lesson.Display(new Picture(evaluation.Pictures["interpolations.png"], "spherical interpolation between 7 noise vectors, one path per row", 2));
lesson.Markdown("""
## 6. A conditional GAN

The class-conditional DCGAN (`cdcgan-mnist`) gets the wanted class as a one-hot vector after the noise, and D gets it
as ten extra input planes (Mirza and Osindero 2014). The classifier then checks whether each sample *is* the class
that was asked for. Its own test accuracy is the ceiling of that class accuracy. After the 400 steps
here about one sample in five is the digit asked for (chance: one in ten); the README's 1,500-step run reaches 83.5%.
""");
lesson.Code("""
var conditional = Lab.Train(session, Presets.ConditionalDcganMnist with { Model = halfWidth with { ClassCount = 10 } }, session.Steps(400, 20), "07-cdcgan");
var conditionalEvaluation = conditional.Evaluate(evaluator.SampleCount);
Notebook.Show(new Html($"<p>Class accuracy of the samples: <b>{conditionalEvaluation.Metrics["class_accuracy"]:P1}</b> " +
    $"(the classifier's own accuracy: {record.TestAccuracy:P1}).</p>"));
Pictures.Samples(conditional, "column k asks for digit k")
""");
var conditional = Lab.Train(session, Presets.ConditionalDcganMnist with { Model = halfWidth with { ClassCount = 10 } }, session.Steps(400, 20), "07-cdcgan");
var conditionalEvaluation = conditional.Evaluate(evaluator.SampleCount);
Notebook.Show(new Html($"<p>Class accuracy of the samples: <b>{conditionalEvaluation.Metrics["class_accuracy"]:P1}</b> " +
    $"(the classifier's own accuracy: {record.TestAccuracy:P1}).</p>"));
lesson.Display(Pictures.Samples(conditional, "column k asks for digit k"));
lesson.Markdown("""
Interpolating the *class* at fixed noise: row r blends the one-hot vector of digit r into digit r + 1. The style
(slant, thickness) stays; the identity morphs.
""");
lesson.Code("""
new Picture(conditionalEvaluation.Pictures["interpolations.png"], "row r: digit r into digit r + 1 at fixed noise", 2)
""");
lesson.Display(new Picture(conditionalEvaluation.Pictures["interpolations.png"], "row r: digit r into digit r + 1 at fixed noise", 2));
lesson.Code("""
Tables.ImageEvaluation(conditionalEvaluation)
""");
lesson.Display(Tables.ImageEvaluation(conditionalEvaluation));
lesson.Markdown("""
## 7. Mode coverage on the ring and the grid

VEEGAN and PacGAN count modes on 2-D mixtures: 2,500 samples; a sample is high quality within 3 standard deviations
of its nearest mode; a mode is covered when it is the nearest mode of a high-quality sample; reverse KL of the
mode histogram. The published numbers first, then GanLab's presets, one seed each and shortened to keep this notebook within
five minutes: the ring 3,000 of its 10,000 steps, the packed grid 5,000 of its 60,000 (its learning-rate decay is
compressed to match). The README lists three seeds of the full presets, the plain grid among them (`toy-grid-plain`
covers fewer modes than the packed one); notebook 01 shows packing at work. The grid needs its full schedule: precision (the share
within 3 standard deviations) comes only as the learning rate decays. In our run the 5,000-step grid had found 16 of
25 modes with almost no sample precise yet, while the full preset covers 24.7 of 25 with 86% precise (mean of three
seeds, README); the ring, with 8 wide-apart modes, is covered within its 3,000 steps.
""");
lesson.Code("""
Tables.CoverageAnchors()
""");
lesson.Display(Tables.CoverageAnchors());
lesson.Code("""
var toyRuns = new (string Name, Preset Preset, int Steps)[]
{
    ("ring, plain GAN (toy-ring, 3k steps)", Presets.ToyRing, session.Steps(3000, 200)),
    ("grid, PacGAN-2 (toy-grid, 5k steps)", Presets.ToyGrid, session.Steps(5000, 200)),
};
var coverage = new List<(string, ModeCoverageResult)>();
var clouds = new List<Picture>();
foreach (var (name, preset, steps) in toyRuns)
{
    using var toyRun = Lab.Train(session, preset, steps, live: false);
    var result = GeneratorCoverage.Measure(toyRun.Model, ((ToyRunData)toyRun.Data).Distribution);
    coverage.Add((name, result));
    clouds.Add(Pictures.Samples(toyRun, name));
}
Notebook.Show(new PictureRow(clouds));
Tables.Coverage(coverage)
""");
var toyRuns = new (string Name, Preset Preset, int Steps)[]
{
    ("ring, plain GAN (toy-ring, 3k steps)", Presets.ToyRing, session.Steps(3000, 200)),
    ("grid, PacGAN-2 (toy-grid, 5k steps)", Presets.ToyGrid, session.Steps(5000, 200)),
};
var coverage = new List<(string, ModeCoverageResult)>();
var clouds = new List<Picture>();
foreach (var (name, preset, steps) in toyRuns)
{
    using var toyRun = Lab.Train(session, preset, steps, live: false);
    var result = GeneratorCoverage.Measure(toyRun.Model, ((ToyRunData)toyRun.Data).Distribution);
    coverage.Add((name, result));
    clouds.Add(Pictures.Samples(toyRun, name));
}
Notebook.Show(new PictureRow(clouds));
lesson.Display(Tables.Coverage(coverage));
lesson.Markdown("""
## 8. Stacked MNIST: 1,000 modes

Three digits as the red, green and blue channels of one image make 10 x 10 x 10 = 1,000 modes. The MNIST classifier
labels each channel; the triple is the mode. Real stacked digits cover all of them, which checks the counter
itself (10,000 images here to save time; `ganlab eval` draws the protocol's 26,000). To measure a GAN: `./ganlab train dcgan-stacked-mnist` then `./ganlab eval runs/dcgan-stacked-mnist`
(VEEGAN reports 99 modes for DCGAN, PacGAN 1,000 for packed DCGANs).
""");
lesson.Code("""
// (the quick settings build 4,000: enough to see the counter work, at two fifths of the classifier passes)
var stacked = StackedMnist.Build(test, session.Smoke ? 4_000 : 10_000, seed: 1);
var stackedCoverage = StackedMnistCoverage.Measure(evaluator.Classifier, stacked.Images);
Notebook.Show(new Html($"<p>Real stacked digits: {stackedCoverage.ModesCovered} of {stackedCoverage.ModeCount} modes, KL to uniform {stackedCoverage.ReverseKl:F3}.</p>"));
Pictures.Grid(stacked.Images.narrow(0, 0, 32), "Stacked MNIST: three digits per image", columns: 8)
""");
// (the quick settings build 4,000: enough to see the counter work, at two fifths of the classifier passes)
var stacked = StackedMnist.Build(test, session.Smoke ? 4_000 : 10_000, seed: 1);
var stackedCoverage = StackedMnistCoverage.Measure(evaluator.Classifier, stacked.Images);
Notebook.Show(new Html($"<p>Real stacked digits: {stackedCoverage.ModesCovered} of {stackedCoverage.ModeCount} modes, KL to uniform {stackedCoverage.ReverseKl:F3}.</p>"));
lesson.Display(Pictures.Grid(stacked.Images.narrow(0, 0, 32), "Stacked MNIST: three digits per image", columns: 8));
lesson.Markdown("""
## What to remember

- A metric is only meaningful next to its real-vs-real floor, computed with the same number of images.
- Precision measures quality, recall measures coverage; Frechet distance and KID mix both into one number.
- No distribution metric detects copies of the training set: check nearest neighbours.
- Mode counts on toy data and Stacked MNIST make collapse visible in numbers; packing (PacGAN) fixes coverage.
""");
lesson.Code("""
run.Dispose();
conditional.Dispose();
stacked.Dispose();
copyCheck.Dispose();
evaluator.Dispose();
""");
run.Dispose();
conditional.Dispose();
stacked.Dispose();
copyCheck.Dispose();
evaluator.Dispose();
