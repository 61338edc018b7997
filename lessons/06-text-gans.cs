// Lesson 06-text-gans as a .NET file-based app, generated from notebooks/06-text-gans.ipynb by `./ganlab lessons sync`:
// edit the notebook, not this file (a test fails when they drift). Run from the repository root:
//   dotnet run lessons/06-text-gans.cs          (GANLAB_SMOKE=1 for the quick settings, GANLAB_DEVICE=cuda on a CUDA build)
// It runs every cell without a notebook kernel and writes runs/lessons/06-text-gans.html.
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

using var lesson = Lesson.Start("06-text-gans", cellCount: 28);
lesson.Markdown("""
# 06 · Text GANs: the seed's GRU GAN, SeqGAN and the oracle benchmark

Images are continuous, so D's gradient can flow back into G's pixels. Text is made of discrete tokens, and that
breaks the chain. This notebook shows where it breaks, the two classic ways around it, and how text GANs are
measured.

**What you will learn**
- why sampling a token stops backpropagation, and how the Gumbel-softmax relaxation restores a gradient;
- what is wrong with the seed article's GRU text GAN and how GanLab's version learns;
- MLE pretraining followed by adversarial training, watched live, on Tang poem lines and English words;
- BLEU, self-BLEU, novelty and copy rate: quality, diversity and memorisation;
- how the sampling temperature trades quality for diversity;
- SeqGAN's policy gradient and the synthetic oracle benchmark (NLL-oracle).
""");
lesson.Code("""
#!import ganlab-setup.dib
""");
var session = lesson.Setup(seed: 1);
lesson.Code("""
// A table of a text run's measures: at the end of MLE pretraining, at the end, and real text's own scores.
TextTable TextMetricTable(TrainingRun run)
{
    var real = run.MetricReference!;
    var baseline = run.Trainer.History.MetricsAtEndOf("mle");
    return new(new[] { "measure", "end of MLE pretraining", $"final (step {run.Trainer.Step})", "real training lines" },
        run.LatestMetrics!.Select(pair => (IReadOnlyList<string>)new[] { pair.Key,
            baseline is { } atEnd && atEnd.TryGetValue(pair.Key, out var before) ? before.ToString("F3") : "",
            pair.Value.ToString("F3"), real.TryGetValue(pair.Key, out var reference) ? reference.ToString("F3") : "" }).ToList());
}
""");
// A table of a text run's measures: at the end of MLE pretraining, at the end, and real text's own scores.
TextTable TextMetricTable(TrainingRun run)
{
    var real = run.MetricReference!;
    var baseline = run.Trainer.History.MetricsAtEndOf("mle");
    return new(new[] { "measure", "end of MLE pretraining", $"final (step {run.Trainer.Step})", "real training lines" },
        run.LatestMetrics!.Select(pair => (IReadOnlyList<string>)new[] { pair.Key,
            baseline is { } atEnd && atEnd.TryGetValue(pair.Key, out var before) ? before.ToString("F3") : "",
            pair.Value.ToString("F3"), real.TryGetValue(pair.Key, out var reference) ? reference.ToString("F3") : "" }).ToList());
}
lesson.Markdown("""
## 1. Why discrete tokens break backpropagation

A text generator ends each step with logits over the vocabulary and then *picks* a token. Picking (argmax or a
random draw) returns an integer: a tiny change of the logits either changes nothing or jumps to another token, so
the derivative is zero almost everywhere and autograd does not even record it. D can score the sentence, but its
opinion cannot reach G's weights.

The Gumbel-softmax trick (Jang et al. 2017; Kusner and Hernandez-Lobato 2016, for GANs) adds Gumbel noise `g` to
the logits and takes `softmax((logits + g) / tau)` instead of the argmax: a *relaxed* one-hot that is
differentiable, whose argmax is an exact sample, and which approaches a true one-hot as the temperature `tau`
falls. Below, a "discriminator" simply likes token 3; see what reaches the logits.
""");
lesson.Code("""
var logits = tensor(new float[] { 1.0f, 0.5f, 0.2f, 0.1f, -0.3f }).requires_grad_(true);
var likesToken3 = tensor(new float[] { 0, 0, 0, 1, 0 });

// (a) A drawn token: an integer id, then a one-hot. There is no path back to the logits.
var hardToken = nn.functional.one_hot(logits.argmax(), 5).to_type(ScalarType.Float32);
var hardScore = (hardToken * likesToken3).sum();

// (b) Gumbel-softmax at several temperatures, with the same Gumbel noise.
var gumbel = -(-rand(5, generator: new Generator(1)).log()).log();
var rows = new List<IReadOnlyList<string>>
{
    new[] { "drawn token (argmax)", string.Join(" ", hardToken.data<float>().Select(v => v.ToString("F2"))), hardScore.requires_grad ? "?" : "none: not differentiable" },
};
foreach (var tau in new[] { 2.0, 1.0, 0.5, 0.1 })
{
    logits.grad?.zero_();
    var relaxed = nn.functional.softmax((logits + gumbel) / tau, 0);
    (relaxed * likesToken3).sum().backward();
    rows.Add(new[] { $"Gumbel-softmax, tau {tau}", string.Join(" ", relaxed.data<float>().Select(v => v.ToString("F2"))), logits.grad!.norm().item<float>().ToString("F3") });
}
new TextTable(new[] { "what G emits", "vector D sees (5 tokens)", "gradient norm at the logits" }, rows)
""");
var logits = tensor(new float[] { 1.0f, 0.5f, 0.2f, 0.1f, -0.3f }).requires_grad_(true);
var likesToken3 = tensor(new float[] { 0, 0, 0, 1, 0 });

// (a) A drawn token: an integer id, then a one-hot. There is no path back to the logits.
var hardToken = nn.functional.one_hot(logits.argmax(), 5).to_type(ScalarType.Float32);
var hardScore = (hardToken * likesToken3).sum();

// (b) Gumbel-softmax at several temperatures, with the same Gumbel noise.
var gumbel = -(-rand(5, generator: new Generator(1)).log()).log();
var rows = new List<IReadOnlyList<string>>
{
    new[] { "drawn token (argmax)", string.Join(" ", hardToken.data<float>().Select(v => v.ToString("F2"))), hardScore.requires_grad ? "?" : "none: not differentiable" },
};
foreach (var tau in new[] { 2.0, 1.0, 0.5, 0.1 })
{
    logits.grad?.zero_();
    var relaxed = nn.functional.softmax((logits + gumbel) / tau, 0);
    (relaxed * likesToken3).sum().backward();
    rows.Add(new[] { $"Gumbel-softmax, tau {tau}", string.Join(" ", relaxed.data<float>().Select(v => v.ToString("F2"))), logits.grad!.norm().item<float>().ToString("F3") });
}
lesson.Display(new TextTable(new[] { "what G emits", "vector D sees (5 tokens)", "gradient norm at the logits" }, rows));
lesson.Markdown("""
High temperatures give a useful gradient but a blurry "token" that no real sentence contains (D spots it
easily); low temperatures look like real one-hots but the gradient grows spiky. GanLab anneals `tau` from 1 down
over the adversarial phase.

## 2. The seed's GRU GAN, and its bugs

The seed article's PyTorch example (latent 128, length 50, vocabulary 10,000, embedding and hidden 512, 2 GRU layers,
batch 64, Adam 0.001) cannot learn as written:

1. G runs its GRU for **one** time step and emits one token's logits, not a sequence;
2. D keeps only `x[:, 0, :]`, the first position, dropping the rest of the sequence;
3. there is no training loop;
4. G's output would have to be sampled into tokens, which (section 1) no gradient crosses.

GanLab's `GumbelGruGenerator` unrolls the GRU over the whole sequence from a z-dependent initial state and feeds
each relaxed token back as the next input; `GruDiscriminator` reads all positions and scores the last hidden state.
The seed's exact sizes are the preset `text-seed-gru`; the notebook uses small sizes that train in minutes.
""");
lesson.Code("""
long Parameters(nn.Module module) => module.parameters().Sum(parameter => parameter.numel());
var seedGenerator = new GumbelGruGenerator(GumbelTextGanConfig.Seed);
var seedDiscriminator = new GruDiscriminator(10_000, 512, 2);
var small = (GumbelTextGanConfig)Presets.TangGumbel.Model;
var smallGenerator = new GumbelGruGenerator(new GumbelTextGanConfig { LatentSize = small.LatentSize, SequenceLength = small.SequenceLength,
    VocabularySize = 1_397, EmbeddingSize = small.EmbeddingSize, HiddenSize = small.HiddenSize, Layers = small.Layers });
var smallDiscriminator = new GruDiscriminator(1_397, small.HiddenSize, small.Layers);
var sizes = new TextTable(new[] { "", "sequence", "vocabulary", "hidden x layers", "G parameters", "D parameters" }, new IReadOnlyList<string>[]
{
    new[] { "seed sizes (text-seed-gru)", "50", "10,000", "512 x 2", Parameters(seedGenerator).ToString("N0"), Parameters(seedDiscriminator).ToString("N0") },
    new[] { "notebook default (text-tang-gumbel)", small.SequenceLength.ToString(), "1,397 (Tang characters)", $"{small.HiddenSize} x {small.Layers}", Parameters(smallGenerator).ToString("N0"), Parameters(smallDiscriminator).ToString("N0") },
});
foreach (var network in new nn.Module[] { seedGenerator, seedDiscriminator, smallGenerator, smallDiscriminator }) network.Dispose();
sizes
""");
long Parameters(nn.Module module) => module.parameters().Sum(parameter => parameter.numel());
var seedGenerator = new GumbelGruGenerator(GumbelTextGanConfig.Seed);
var seedDiscriminator = new GruDiscriminator(10_000, 512, 2);
var small = (GumbelTextGanConfig)Presets.TangGumbel.Model;
var smallGenerator = new GumbelGruGenerator(new GumbelTextGanConfig { LatentSize = small.LatentSize, SequenceLength = small.SequenceLength,
    VocabularySize = 1_397, EmbeddingSize = small.EmbeddingSize, HiddenSize = small.HiddenSize, Layers = small.Layers });
var smallDiscriminator = new GruDiscriminator(1_397, small.HiddenSize, small.Layers);
var sizes = new TextTable(new[] { "", "sequence", "vocabulary", "hidden x layers", "G parameters", "D parameters" }, new IReadOnlyList<string>[]
{
    new[] { "seed sizes (text-seed-gru)", "50", "10,000", "512 x 2", Parameters(seedGenerator).ToString("N0"), Parameters(seedDiscriminator).ToString("N0") },
    new[] { "notebook default (text-tang-gumbel)", small.SequenceLength.ToString(), "1,397 (Tang characters)", $"{small.HiddenSize} x {small.Layers}", Parameters(smallGenerator).ToString("N0"), Parameters(smallDiscriminator).ToString("N0") },
});
foreach (var network in new nn.Module[] { seedGenerator, seedDiscriminator, smallGenerator, smallDiscriminator }) network.Dispose();
lesson.Display(sizes);
lesson.Markdown("""
## 3. The data

Two small corpora ship with GanLab (`data/text`, provenance in `data/README.md`): 652 five-character lines of Tang
poems from the Debian package *fortunes-zh* (public domain; each line is five characters, a comma, five characters
and a full stop) and 10,455 English words from *wamerican*. Both are read character by character. 10% of each is
held out: BLEU compares generated text with those held-out lines.
""");
lesson.Code("""
var tangLines = TextCorpus.TangPoemLines();
var englishWords = TextCorpus.EnglishWords();
Console.WriteLine($"Tang lines: {tangLines.Lines.Count}, English words: {englishWords.Lines.Count}");
new TextTable(new[] { "Tang poem line", "English word" },
    Enumerable.Range(0, 8).Select(index => (IReadOnlyList<string>)new[] { tangLines.Lines[index * 37], englishWords.Lines[index * 997] }).ToList())
""");
var tangLines = TextCorpus.TangPoemLines();
var englishWords = TextCorpus.EnglishWords();
Console.WriteLine($"Tang lines: {tangLines.Lines.Count}, English words: {englishWords.Lines.Count}");
lesson.Display(new TextTable(new[] { "Tang poem line", "English word" },
    Enumerable.Range(0, 8).Select(index => (IReadOnlyList<string>)new[] { tangLines.Lines[index * 37], englishWords.Lines[index * 997] }).ToList()));
lesson.Markdown("""
## 4. MLE pretraining, then adversarial training

Training from scratch against D rarely works for text: early G output is noise that D rejects with certainty, and
the relaxed tokens give weak, noisy gradients. So G first learns by **maximum likelihood** (teacher forcing:
predict each next character of real lines), and only then plays against D. R1 (a penalty on D's gradient at real
data) keeps D from winning outright, which otherwise collapsed G to one repeated character within a few hundred
steps in our runs.

The live view shows the losses (a dashed line marks the switch to the adversarial phase), BLEU-2 and self-BLEU-2 as
they are measured, the share of lines with the right shape, and lines sampled right now.
""");
lesson.Code("""
var tang = Lab.Train(session, Presets.TangGumbel.WithSteps("mle", session.Steps(600, 20)), session.Steps(200, 10));
""");
var tang = Lab.Train(session, Presets.TangGumbel.WithSteps("mle", session.Steps(600, 20)), session.Steps(200, 10));
lesson.Markdown("""
Generated lines beside real held-out ones, and the measures at the end of MLE pretraining and at the end:

- **BLEU-n**: n-gram precision of each generated line against all held-out lines (quality; NLTK's method, smoothing 1);
- **self-BLEU-n**: the same, each generated line against the other generated lines (high = they repeat each other);
- **novelty-n**: the share of generated n-grams never seen in training; **copy rate**: generated lines that are a
  training line verbatim. A small corpus is easy to memorise: a copy rate near 1 means G recites its data;
- **tang_shape**: five characters, comma, five characters, full stop.
""");
lesson.Code("""
Notebook.Show(tang.Show("generated lines (left) and held-out real lines (right)"));
TextMetricTable(tang)
""");
Notebook.Show(tang.Show("generated lines (left) and held-out real lines (right)"));
lesson.Display(TextMetricTable(tang));
lesson.Markdown("""
The same GAN on English words (characters, words up to 11 letters):
""");
lesson.Code("""
var words = Lab.Train(session, Presets.EnglishGumbel.WithSteps("mle", session.Steps(300, 20)), session.Steps(100, 10));
Notebook.Show(words.Show("generated words (left) and held-out real words (right)"));
TextMetricTable(words)
""");
var words = Lab.Train(session, Presets.EnglishGumbel.WithSteps("mle", session.Steps(300, 20)), session.Steps(100, 10));
Notebook.Show(words.Show("generated words (left) and held-out real words (right)"));
lesson.Display(TextMetricTable(words));
lesson.Markdown("""
## 5. BLEU and self-BLEU over training

Quality and diversity pull against each other. Watch BLEU-2 (up = more real-looking n-grams), self-BLEU-2 (up =
less diverse) and the copy rate together: a generator that recites training lines scores well on BLEU and shape but
has learned nothing new.
""");
lesson.Code("""
MetricCharts.Group(tang.Trainer.History, "share", new[] { "bleu2", "self_bleu2", "tang_shape", "copy_rate", "novelty3" })
""");
lesson.Display(MetricCharts.Group(tang.Trainer.History, "share", new[] { "bleu2", "self_bleu2", "tang_shape", "copy_rate", "novelty3" }));
lesson.Markdown("""
## 6. Temperature: quality against diversity

Dividing the logits by a temperature before drawing tokens sharpens (below 1) or flattens (above 1) the
distribution. Low temperatures favour the most likely characters: higher BLEU and shape share, but lines repeat
(self-BLEU rises). High temperatures produce more varied but less poem-like lines. Measured here on the trained
Tang generator, 300 lines per temperature:
""");
lesson.Code("""
var temperatureRows = new List<IReadOnlyList<string>>();
var tradeOff = new List<(string Label, double SelfBleu, double Bleu)>();
var tangGenerator = (ITextGenerator)tang.Model.Generator;
var tangTask = ((TextRunData)tang.Data).Task;
foreach (var temperature in new[] { 0.5, 0.7, 1.0, 1.3, 1.6 })
{
    tangGenerator.SamplingTemperature = temperature;
    var measured = tangTask.Evaluate(tangGenerator, session.Steps(300, 60), new Generator(7));
    tradeOff.Add(($"T = {temperature:F1}", measured["self_bleu2"], measured["bleu2"]));
    temperatureRows.Add(new[] { temperature.ToString("F1"), measured["bleu2"].ToString("F3"), measured["self_bleu2"].ToString("F3"),
        measured["tang_shape"].ToString("P0"), measured["distinct"].ToString("P0"), measured["copy_rate"].ToString("P0") });
}
tangGenerator.SamplingTemperature = 1.0;
Notebook.Show(new TextTable(new[] { "temperature", "BLEU-2", "self-BLEU-2", "right shape", "distinct lines", "copies" }, temperatureRows));
MetricCharts.QualityAgainstDiversity(tradeOff, "sampling temperature 0.5 -> 1.6")
""");
var temperatureRows = new List<IReadOnlyList<string>>();
var tradeOff = new List<(string Label, double SelfBleu, double Bleu)>();
var tangGenerator = (ITextGenerator)tang.Model.Generator;
var tangTask = ((TextRunData)tang.Data).Task;
foreach (var temperature in new[] { 0.5, 0.7, 1.0, 1.3, 1.6 })
{
    tangGenerator.SamplingTemperature = temperature;
    var measured = tangTask.Evaluate(tangGenerator, session.Steps(300, 60), new Generator(7));
    tradeOff.Add(($"T = {temperature:F1}", measured["self_bleu2"], measured["bleu2"]));
    temperatureRows.Add(new[] { temperature.ToString("F1"), measured["bleu2"].ToString("F3"), measured["self_bleu2"].ToString("F3"),
        measured["tang_shape"].ToString("P0"), measured["distinct"].ToString("P0"), measured["copy_rate"].ToString("P0") });
}
tangGenerator.SamplingTemperature = 1.0;
Notebook.Show(new TextTable(new[] { "temperature", "BLEU-2", "self-BLEU-2", "right shape", "distinct lines", "copies" }, temperatureRows));
lesson.Display(MetricCharts.QualityAgainstDiversity(tradeOff, "sampling temperature 0.5 -> 1.6"));
lesson.Markdown("""
## 7. SeqGAN and the synthetic oracle

SeqGAN (Yu et al. 2017) sidesteps the gradient problem differently: G is an LSTM that *samples* real tokens, and D
(a CNN over token embeddings with several window widths) acts as a reward. For every prefix of a generated
sequence, G completes it several times (Monte Carlo rollouts); D's mean score of the completions is the reward of
that prefix's last token, and G follows the REINFORCE policy gradient `-sum_t reward_t * log p(y_t | y_<t)`.

The **synthetic oracle** makes text GANs measurable: a randomly initialised LSTM (vocabulary 5,000, length 20,
N(0, 1) weights) plays the real distribution, 10,000 of its sequences are the training data, and a generator is
scored by **NLL-oracle**, the oracle's negative log-likelihood of generated sequences (lower = closer to the oracle),
and by **NLL-test**, the generator's NLL of held-out oracle sequences (lower = better coverage). The paper reports
NLL-oracle 9.038 after MLE and 8.736 after SeqGAN. The full preset `text-oracle-seqgan` takes about 12 minutes
here (README, Results); this cell runs a shortened version.
""");
lesson.Code("""
// Shortened: 300 MLE steps (the preset: 4,000), 40 warm-up batches for D (300) and 4 policy-gradient steps (60),
// measured every 100 steps (each measurement draws 2,000 sequences and scores them with the oracle).
var shortSeqGan = Presets.OracleSeqGan.WithSteps("mle", session.Steps(300, 20));
shortSeqGan = shortSeqGan with { Training = shortSeqGan.Training.With(shortSeqGan.Training.Main<PolicyGradientPhase>() with { DiscriminatorWarmupSteps = session.Steps(40, 5) }) };
var seqgan = Lab.Train(session, shortSeqGan, session.Steps(4, 2), evaluateEvery: session.Steps(100, 10));
Notebook.Show(MetricCharts.Group(seqgan.Trainer.History, "NLL per token (nats)", new[] { "nll_oracle", "nll_test" }));
TextMetricTable(seqgan)
""");
// Shortened: 300 MLE steps (the preset: 4,000), 40 warm-up batches for D (300) and 4 policy-gradient steps (60),
// measured every 100 steps (each measurement draws 2,000 sequences and scores them with the oracle).
var shortSeqGan = Presets.OracleSeqGan.WithSteps("mle", session.Steps(300, 20));
shortSeqGan = shortSeqGan with { Training = shortSeqGan.Training.With(shortSeqGan.Training.Main<PolicyGradientPhase>() with { DiscriminatorWarmupSteps = session.Steps(40, 5) }) };
var seqgan = Lab.Train(session, shortSeqGan, session.Steps(4, 2), evaluateEvery: session.Steps(100, 10));
Notebook.Show(MetricCharts.Group(seqgan.Trainer.History, "NLL per token (nats)", new[] { "nll_oracle", "nll_test" }));
lesson.Display(TextMetricTable(seqgan));
lesson.Markdown("""
In the full run NLL-oracle falls after the switch while NLL-test rises: the policy gradient, rewarding what D
accepts, sharpens G's distribution towards the oracle's likeliest sequences and away from covering all of them. That
is the quality/diversity trade of section 6 again (Caccia et al. 2020 show that a temperature alone can buy much of
the same NLL-oracle gain).
""");
lesson.Markdown("""
## 8. RelGAN: why the temperature and the relativistic loss matter

On the oracle the seed's Gumbel GRU GAN (section 4's, as `text-oracle-gumbel`) learns almost nothing from D: its
adversarial phase leaves NLL-oracle where MLE left it (9.041, then 9.051), with D stuck at D(x) = D(G(z)) = 0.5. RelGAN (Nie, Narodytska and Patel, ICLR 2019) made a
Gumbel-softmax text GAN gain with three changes, each a setting here:

1. **An inverse temperature that grows.** D sees G's relaxed rows `softmax(beta (logits + g))` beside real one-hot
   rows. At beta = 1 a relaxed row is visibly soft, so D can tell generated sequences by their softness alone, and
   the gradient G receives mostly says "be surer": G sharpens its distribution, its sequences become likelier under
   the oracle (NLL-oracle falls) and it covers fewer of the oracle's sequences (NLL-test rises). As beta grows the
   rows approach one-hots, D has to judge which tokens were drawn, and the gradient gets the high variance of
   section 1's table. RelGAN starts at beta = 1 (exploration) and raises beta to a maximum beta_max over the
   adversarial phase (exploitation), exponentially (`beta = beta_max^(n/N)`) or polynomially.
2. **A relativistic loss.** D minimises `softplus(-(D(x) - D(G(z))))`: is the real sequence more real than the
   generated one it is paired with? G minimises the mirror. With the standard loss, once D separates the two sets,
   G's gradient depends only on how D scores the fake itself and fades as D grows sure; in the pairing it depends on
   the gap to a real sequence, so it keeps pointing G towards real data while the pair is ordered wrongly
   (Jolicoeur-Martineau 2019).
3. **Several representations in D.** D multiplies its input by S learned embedding matrices and scores each view;
   the loss is the mean over views, so G's gradient averages several judgements instead of one.

GanLab's `text-oracle-relgan` keeps the seed's GRU generator and GRU discriminator and adds the three as settings
(`model.schedule`, `model.maximumInverseTemperature`, `model.discriminatorRepresentations`, the phase's `loss`). The
schedules, against the seed GRU GAN's geometric one:
""");
lesson.Code("""
var relGanModel = (GumbelTextGanConfig)Presets.OracleRelGan.Model;
TemperatureCharts.Schedules(new (string, GumbelTextGanConfig)[]
{
    ("seed GRU GAN: geometric 1 -> 0.1", new GumbelTextGanConfig { InitialTemperature = 1, FinalTemperature = 0.1 }),
    ("RelGAN exponential, beta_max 100", relGanModel with { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 100 }),
    ("RelGAN exponential, beta_max 1000", relGanModel with { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 1000 }),
    ("RelGAN polynomial (power 2), beta_max 100", relGanModel with { Schedule = TemperatureSchedule.Polynomial, MaximumInverseTemperature = 100, SchedulePower = 2 }),
    ($"text-oracle-relgan: {relGanModel.Schedule}, beta_max {relGanModel.MaximumInverseTemperature}", relGanModel),
})
""");
var relGanModel = (GumbelTextGanConfig)Presets.OracleRelGan.Model;
lesson.Display(TemperatureCharts.Schedules(new (string, GumbelTextGanConfig)[]
{
    ("seed GRU GAN: geometric 1 -> 0.1", new GumbelTextGanConfig { InitialTemperature = 1, FinalTemperature = 0.1 }),
    ("RelGAN exponential, beta_max 100", relGanModel with { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 100 }),
    ("RelGAN exponential, beta_max 1000", relGanModel with { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 1000 }),
    ("RelGAN polynomial (power 2), beta_max 100", relGanModel with { Schedule = TemperatureSchedule.Polynomial, MaximumInverseTemperature = 100, SchedulePower = 2 }),
    ($"text-oracle-relgan: {relGanModel.Schedule}, beta_max {relGanModel.MaximumInverseTemperature}", relGanModel),
}));
lesson.Markdown("""
A shortened RelGAN run on the oracle (the preset's own settings, fewer steps): NLL-oracle and NLL-test as they are
measured, and the temperature the run actually used, step by step.
""");
lesson.Code("""
// Shortened: 300 MLE steps (the preset: 4,000) and 100 relativistic steps (the preset's full phase is in the README),
// measured every 100 steps.
var shortRelGan = Presets.OracleRelGan.WithSteps("mle", session.Steps(300, 20));
var relgan = Lab.Train(session, shortRelGan, session.Steps(100, 10), evaluateEvery: session.Steps(100, 10));
Notebook.Show(MetricCharts.Group(relgan.Trainer.History, "NLL per token (nats)", new[] { "nll_oracle", "nll_test" }));
Notebook.Show(TrainingCharts.Column(relgan.Trainer.History, "temperature"));
TextMetricTable(relgan)
""");
// Shortened: 300 MLE steps (the preset: 4,000) and 100 relativistic steps (the preset's full phase is in the README),
// measured every 100 steps.
var shortRelGan = Presets.OracleRelGan.WithSteps("mle", session.Steps(300, 20));
var relgan = Lab.Train(session, shortRelGan, session.Steps(100, 10), evaluateEvery: session.Steps(100, 10));
Notebook.Show(MetricCharts.Group(relgan.Trainer.History, "NLL per token (nats)", new[] { "nll_oracle", "nll_test" }));
Notebook.Show(TrainingCharts.Column(relgan.Trainer.History, "temperature"));
lesson.Display(TextMetricTable(relgan));
lesson.Markdown("""
**Reading it.** A hundred steps show the direction, not the size, of the effect. The full preset's runs (README,
*Text GANs*, with their commands) answer which part does the work. There, the adversarial phase lowers NLL-oracle
and raises NLL-test: the GAN buys quality with coverage, as SeqGAN does in section 7. The lowest NLL-oracle comes from
holding beta at 1, where the pressure to sharpen is strongest, and the preset does so; with D learning at 1e-3 it reads
the softness quickly and G sharpens until NLL-oracle falls below SeqGAN's (`--set model.maximumInverseTemperature=100`
restores RelGAN's annealing). On the preset's first version (beta annealed, D at 1e-4) dropping the relativistic loss
(`--loss NonSaturating`) or using one representation in D (`--set model.discriminatorRepresentations=1`) took the gain
away; with beta at 1 and D at 1e-3 the non-saturating loss and a one-representation D go as far (README, *Text GANs*). Part of any NLL-oracle gain can also be
bought without D, by sampling the MLE generator at a temperature below 1 (Caccia et al. 2020); NLL-test, the
generator's own likelihood of held-out sequences, is what that costs.
""");
lesson.Markdown("""
## What to try next

- `./ganlab train text-oracle-seqgan` and `./ganlab eval runs/text-oracle-seqgan --json` for the full benchmark;
  `text-oracle-mle` and `text-oracle-gumbel` for the comparisons.
- Fewer or more MLE pretraining steps on Tang lines (`--pretrain-steps`): watch the copy rate.
- `./ganlab train text-seed-gru --steps 5` runs the seed's exact sizes (slow on a CPU).
- Your own text: any UTF-8 file with one sample per line, as the data set `lines:PATH` or `words:PATH`.
- `./ganlab train text-oracle-relgan` for the full RelGAN run, and `--set model.maximumInverseTemperature=100` (or 1000,
  or with `model.schedule=Polynomial`) to see the temperature's part; `--set model.straightThrough=true` shows D the
  drawn one-hot rows instead of the relaxed ones, so D can no longer read their softness.
""");
