// Lesson 02-seed-mlp-gan-mnist as a .NET file-based app, generated from notebooks/02-seed-mlp-gan-mnist.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/02-seed-mlp-gan-mnist.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/02-seed-mlp-gan-mnist.html.
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

using var lesson = Lesson.Start("02-seed-mlp-gan-mnist", cellCount: 19);
lesson.Markdown("""
# 02 · The seed article's MLP GAN on MNIST

GanLab started from an article on sample generation with GANs (in Chinese; see `shared/seed` of the project). Its
first example is a Keras GAN for 784-pixel images made of fully connected layers. As printed it cannot work. This
notebook shows what is wrong, trains GanLab's faithful version on real digits, finds out why even the corrected
code fails, fixes that, and compares an improved variant.

**What you will learn**
- how a GAN is wired in Keras-style code, and four bugs that stop the seed example from running or learning;
- what a *collapsed* GAN looks like in its history (D(x) stuck at 1, D(G(z)) at 0) and in its samples;
- how a gradient penalty on D (R1) keeps the game balanced without changing the networks;
- what small architecture changes (LeakyReLU, tanh output) buy.
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Markdown("""
## 1. The seed's code

```python
def create_generator():
    generator = Sequential()
    generator.add(Dense(256, input_dim=100, activation='relu'))
    generator.add(Dense(512, activation='relu'))
    generator.add(Dense(1024, activation='relu'))
    generator.add(Dense(784, activation='sigmoid'))      # pixels in [0, 1]
    generator.compile(loss='binary_crossentropy', optimizer=Adam(lr=0.0002))
    return generator

def create_discriminator():                            # 784 -> 1024 -> 512 -> 256 -> 1 (sigmoid)
    ...

def create_gan(discriminator, generator):
    discriminator.trainable = False
    gan_input = Input(shape=(100,))
    x = generator(gan_input)
    gan_output = discriminator(x)
    gan = Sequential(); gan.add(generator); gan.add(discriminator)
    gan.compile(loss='binary_crossentropy', optimizer=Adam(lr=0.0002))
    return gan, gan_input

data = np.random.rand(10000, 784)
data = data.astype('float32') / 255.
for e in range(1, 40001):
    noise = np.random.normal(0, 1, [100, 100])
    generated_data = generator.predict(noise)
    d_loss_real = discriminator.train_on_batch(data, np.ones(100))
    d_loss_fake = discriminator.train_on_batch(generated_data, np.zeros(100))
    noise = np.random.normal(0, 1, [100, 100])
    gan_loss = gan.train_on_batch(noise, np.ones(100))
```

What is wrong with it:
1. **There is no data.** `np.random.rand(...) / 255` is uniform noise squeezed into [0, 0.004]: nothing to learn.
2. **Shapes do not match.** D is trained on the *whole* array (10,000 rows) against 100 labels, so Keras stops
   with an error. A real loop draws a minibatch of 100 real images each step.
3. `create_gan` builds an `Input` graph and never uses it (harmless, but confusing).
4. `Adam(lr=...)` is an argument current Keras rejects (`learning_rate=`).

What is right: freezing D *after* compiling it on its own is the correct Keras idiom. D still learns in its own
`train_on_batch`; it is frozen only inside the combined model, so `gan.train_on_batch(noise, ones)` updates G to
make D say "real": the non-saturating generator loss.

## 2. GanLab's faithful version

Same layers, ReLU and sigmoid, Keras' Glorot initialisation, Adam 2e-4 with Keras' default beta1 = 0.9, binary
cross-entropy, noise N(0, 1) of size 100, batch 100, trained on real MNIST minibatches (the 10,000 real digits
shipped with GanLab, or all 60,000 if installed).
""");
lesson.Code("""
var seedModel = Presets.SeedMlpMnist.Model.Build();
Tables.Architecture(seedModel)
""");
var seedModel = Presets.SeedMlpMnist.Model.Build();
lesson.Display(Tables.Architecture(seedModel));
lesson.Markdown("""
The training data. A tensor holding a batch of images [N, C, H, W] displays as a picture grid:
""");
lesson.Code("""
var mnist = ImageDataCatalog.Load(ImageDataCatalog.Mnist);
Console.WriteLine($"{mnist.Count:N0} real digits from {mnist.Source}");
mnist.Images.narrow(0, 0, 64)
""");
var mnist = ImageDataCatalog.Load(ImageDataCatalog.Mnist);
Console.WriteLine($"{mnist.Count:N0} real digits from {mnist.Source}");
lesson.Display(mnist.Images.narrow(0, 0, 64));
lesson.Markdown("""
First exactly the seed's recipe, nothing added (the preset without its R1 penalty). Watch D(x) and D(G(z)) in
the live view.
""");
lesson.Code("""
var seedExact = Lab.Train(session, Presets.SeedMlpMnist.WithAdversarial(phase => phase.WithRegulariser(RegulariserKind.R1, 0)),
    session.Steps(400, 40), "02-seed-exact");
""");
var seedExact = Lab.Train(session, Presets.SeedMlpMnist.WithAdversarial(phase => phase.WithRegulariser(RegulariserKind.R1, 0)),
    session.Steps(400, 40), "02-seed-exact");
lesson.Code("""
seedExact.Trainer.History
""");
lesson.Display(seedExact.Trainer.History);
lesson.Code("""
Pictures.Samples(seedExact, "the seed's recipe: every noise vector gives the same blob")
""");
lesson.Display(Pictures.Samples(seedExact, "the seed's recipe: every noise vector gives the same blob"));
lesson.Markdown("""
**It collapses.** Within a few hundred steps D separates real from generated perfectly (D(x) = 1,
D(G(z)) = 0) and G's loss climbs. G answers by pushing its sigmoid outputs to 0 and 1 (black-and-white speckle)
and by making every noise vector give the same image: *mode collapse*. Its gradient is not small here, it is
useless: it moves all samples together. Trained longer, the sigmoid saturates completely (output logits around
-20) and the gradient through it vanishes, the problem the seed article names (GanLab's README has the numbers).

## 3. The fix: an R1 penalty on D

R1 (Mescheder et al., 2018) adds gamma/2 times the squared gradient of D's output with respect to *real* inputs to
D's loss. D may still tell real from fake, but it may not become arbitrarily steep around the real digits, which
is exactly how it overpowered G above. The networks and all of the seed's settings stay as they are; the
`seed-mlp-mnist` preset uses gamma = 10.
""");
lesson.Code("""
var seedR1 = Lab.Train(session, Presets.SeedMlpMnist, session.Steps(1000, 40), "02-seed-r1");
""");
var seedR1 = Lab.Train(session, Presets.SeedMlpMnist, session.Steps(1000, 40), "02-seed-r1");
lesson.Code("""
seedR1.Trainer.History
""");
lesson.Display(seedR1.Trainer.History);
lesson.Markdown("""
The same fixed noise vectors, rendered every 500 steps: digits emerge from grey noise.
""");
lesson.Code("""
Pictures.Snapshots(seedR1)
""");
lesson.Display(Pictures.Snapshots(seedR1));
lesson.Markdown("""
## 4. The improved MLP

Two changes from DCGAN's playbook: LeakyReLU (slope 0.2) instead of ReLU, so no unit dies for every input, and a
tanh output on data scaled to [-1, 1] instead of a sigmoid on [0, 1]; Adam with beta1 = 0.5. No penalty needed.
""");
lesson.Code("""
var improved = Lab.Train(session, Presets.MlpMnist, session.Steps(1200, 40), "02-mlp-improved");
""");
var improved = Lab.Train(session, Presets.MlpMnist, session.Steps(1200, 40), "02-mlp-improved");
lesson.Code("""
new PictureRow(new[]
{
    Pictures.Samples(seedExact, "seed recipe (collapsed)"),
    Pictures.Samples(seedR1, "seed networks + R1"),
    Pictures.Samples(improved, "improved MLP"),
})
""");
lesson.Display(new PictureRow(new[]
{
    Pictures.Samples(seedExact, "seed recipe (collapsed)"),
    Pictures.Samples(seedR1, "seed networks + R1"),
    Pictures.Samples(improved, "improved MLP"),
}));
lesson.Markdown("""
Compare the three grids. After 1,000 steps the R1 run already draws varied, recognisable digits; the improved MLP,
after 1,200, still draws speckled strokes: it needs more steps, and the `mlp-mnist` preset trains it 6,000 (its
digits then are clean: README, Results). R1 costs about 1.6 times as much per step: a second backward pass through D
for the gradient at the real digits.

## What to try next
- `seed-mlp-mnist` with `R1Weight = 1` or `100`: too weak lets D win again, too strong blurs the digits.
- The seed trained for 40,000 iterations: `Lab.Continue(seedR1, 10_000)` continues the same run.
- Notebook 03 replaces the dense layers with convolutions (DCGAN).
""");
