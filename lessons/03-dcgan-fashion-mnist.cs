// Lesson 03-dcgan-fashion-mnist as a .NET file-based app, generated from notebooks/03-dcgan-fashion-mnist.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/03-dcgan-fashion-mnist.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/03-dcgan-fashion-mnist.html.
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

using var lesson = Lesson.Start("03-dcgan-fashion-mnist", cellCount: 16);
lesson.Markdown("""
# 03 · DCGAN on Fashion-MNIST

Fully connected GANs treat an image as 784 unrelated numbers. DCGAN (Radford, Metz and Chintala, 2016) builds both
networks from convolutions, so nearby pixels are processed together and the same filters apply everywhere in the
image. Its architecture rules made GANs train reliably on images for the first time.

**What you will learn**
- DCGAN's architecture rules and how GanLab sizes them for 28 x 28 images;
- how to follow a training run live and read its sample grid over time;
- what walking through the latent space shows, and why spherical interpolation beats a straight line.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The data

Fashion-MNIST (Zalando, MIT licence): 60,000 grey 28 x 28 pictures of ten kinds of clothing, harder than digits.
On Debian and Ubuntu it comes from the package `dataset-fashion-mnist`; if it is not installed this notebook says
so and uses MNIST digits instead.
""");
lesson.Code("""
Preset preset;
try
{
    using (ImageDataCatalog.Load(ImageDataCatalog.FashionMnist)) { }
    preset = Presets.DcganFashion;
}
catch (FileNotFoundException missing)
{
    preset = Presets.DcganMnist;
    Notebook.Show(new Html($"<p><b>Fashion-MNIST is not installed; this notebook uses MNIST digits instead.</b> {missing.Message}</p>"));
}
var images = ((ImageData)preset.Data).LoadImages(session.Seed);
Pictures.Grid(images.Images.narrow(0, 0, 64), $"64 of {images.Count:N0} training images ({images.Source})")
""");
Preset preset;
try
{
    using (ImageDataCatalog.Load(ImageDataCatalog.FashionMnist)) { }
    preset = Presets.DcganFashion;
}
catch (FileNotFoundException missing)
{
    preset = Presets.DcganMnist;
    Notebook.Show(new Html($"<p><b>Fashion-MNIST is not installed; this notebook uses MNIST digits instead.</b> {missing.Message}</p>"));
}
var images = ((ImageData)preset.Data).LoadImages(session.Seed);
lesson.Display(Pictures.Grid(images.Images.narrow(0, 0, 64), $"64 of {images.Count:N0} training images ({images.Source})"));
lesson.Markdown("""
## 2. The architecture

DCGAN's rules: no pooling (strided convolutions in D, transposed convolutions in G); BatchNorm in both networks
except D's first layer and G's output; ReLU in G with tanh at the output, LeakyReLU (0.2) in D; weights drawn from
N(0, 0.02). The paper's 64 x 64 networks upsample four times; 28 = 7 x 2 x 2, so GanLab's G projects the noise to
7 x 7 with 128 feature maps (2 ngf), then doubles the size twice: 14 x 14 with 64 maps, 28 x 28 with one. D mirrors
it.
""");
lesson.Code("""
var architecture = preset.Model.Build();
Tables.Architecture(architecture)
""");
var architecture = preset.Model.Build();
lesson.Display(Tables.Architecture(architecture));
lesson.Markdown("""
## 3. Training, live

Adam 2e-4 with beta1 = 0.5, batch 64, binary cross-entropy with the non-saturating G loss: the paper's settings.
A DCGAN step takes about 0.2 s on two CPU cores.
""");
lesson.Code("""
var run = Lab.Train(session, preset, session.Steps(800, 30), "03-dcgan");
""");
var run = Lab.Train(session, preset, session.Steps(800, 30), "03-dcgan");
lesson.Code("""
run.Trainer.History
""");
lesson.Display(run.Trainer.History);
lesson.Markdown("""
The same 16 noise vectors every 250 steps: blobs first, then the silhouettes of shirts, trousers, bags and shoes;
textures and details come with more steps (`Lab.Continue(run, 2000)`).
""");
lesson.Code("""
Pictures.Snapshots(run)
""");
lesson.Display(Pictures.Snapshots(run));
lesson.Code("""
Pictures.Samples(run)
""");
lesson.Display(Pictures.Samples(run));
lesson.Markdown("""
## 4. Walking through the latent space

Every image comes from a 100-dimensional noise vector z. Moving z smoothly should change the image smoothly; sudden
jumps or a grey middle show where G has not learned a continuous map.

A straight line between two Gaussian vectors passes close to the origin: in 100 dimensions almost all of N(0, I)'s
mass lies near the sphere of radius 10, so the middle of the line is an atypical, too-short z and tends to look
washed out. *Spherical* interpolation (slerp, White 2016) follows the great circle instead and keeps |z| typical.
""");
lesson.Code("""
var pair = randn(new long[] { 2, 100 }, generator: new Generator(42));
var linear = LatentInterpolation.Linear(pair[0], pair[1], 10);
var spherical = LatentInterpolation.Spherical(pair[0], pair[1], 10);
new PictureRow(new[]
{
    Pictures.Grid(run.Model.ToUnitRange(run.Model.Sample(linear)), "linear", columns: 10, scale: 3),
    Pictures.Grid(run.Model.ToUnitRange(run.Model.Sample(spherical)), "spherical", columns: 10, scale: 3),
})
""");
var pair = randn(new long[] { 2, 100 }, generator: new Generator(42));
var linear = LatentInterpolation.Linear(pair[0], pair[1], 10);
var spherical = LatentInterpolation.Spherical(pair[0], pair[1], 10);
lesson.Display(new PictureRow(new[]
{
    Pictures.Grid(run.Model.ToUnitRange(run.Model.Sample(linear)), "linear", columns: 10, scale: 3),
    Pictures.Grid(run.Model.ToUnitRange(run.Model.Sample(spherical)), "spherical", columns: 10, scale: 3),
}));
lesson.Code("""
new TextTable(new[] { "step", "|z| along the line", "|z| along the arc" },
    Enumerable.Range(0, 10).Select(index => (IReadOnlyList<string>)new[]
    {
        index.ToString(), linear[index].norm().item<float>().ToString("F2"), spherical[index].norm().item<float>().ToString("F2"),
    }).ToList())
""");
lesson.Display(new TextTable(new[] { "step", "|z| along the line", "|z| along the arc" },
    Enumerable.Range(0, 10).Select(index => (IReadOnlyList<string>)new[]
    {
        index.ToString(), linear[index].norm().item<float>().ToString("F2"), spherical[index].norm().item<float>().ToString("F2"),
    }).ToList()));
lesson.Markdown("""
## What to try next
- More steps: `Lab.Continue(run, 3000)` keeps training the same run.
- `preset.Model with { GeneratorFeatures = 32, DiscriminatorFeatures = 32 }` trains four times faster; how much
  worse are the samples?
- Notebook 04 compares losses on the same model.
""");
