using System.Globalization;
using GanLab.Core;
using GanLab.Data;
using GanLab.Metrics;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Experiments.Text;

/// <summary>
/// The data of a text run and how its samples are measured: token sequences for training, held-out sequences, and
/// either a vocabulary (real text: BLEU, self-BLEU, novelty, copy rate) or the synthetic oracle (NLL-oracle).
/// </summary>
public sealed class TextTask : IDisposable
{
    /// <summary>Sequences drawn from the oracle for training (the SeqGAN benchmark's 10,000).</summary>
    public const int OracleTrainingCount = 10_000;
    /// <summary>Held-out oracle sequences for NLL-test.</summary>
    public const int OracleHeldOutCount = 2_000;

    private readonly IReadOnlyList<IReadOnlyList<string>> trainingTokens;
    private readonly IReadOnlyList<IReadOnlyList<string>> heldOutTokens;

    private TextTask(string dataSet, string source, Tensor training, Tensor heldOut, Vocabulary? vocabulary, SyntheticOracle? oracle,
        IReadOnlyList<string> trainingLines, IReadOnlyList<string> heldOutLines, int vocabularySize)
    {
        DataSet = dataSet;
        Source = source;
        Training = training;
        HeldOut = heldOut;
        Vocabulary = vocabulary;
        Oracle = oracle;
        TrainingLines = trainingLines;
        HeldOutLines = heldOutLines;
        VocabularySize = vocabularySize;
        trainingTokens = trainingLines.Select(Tokenize).ToList();
        heldOutTokens = heldOutLines.Select(Tokenize).ToList();
    }

    /// <summary>The preset's data-set name.</summary>
    public string DataSet { get; }
    /// <summary>Where the text came from, in words.</summary>
    public string Source { get; }
    /// <summary>Training sequences [N, T] (int64 ids).</summary>
    public Tensor Training { get; }
    /// <summary>Held-out sequences [M, T].</summary>
    public Tensor HeldOut { get; }
    /// <summary>Characters or words to ids; null for the oracle (its ids are the tokens).</summary>
    public Vocabulary? Vocabulary { get; }
    /// <summary>The synthetic oracle, for the oracle benchmark.</summary>
    public SyntheticOracle? Oracle { get; }
    /// <summary>Training lines as text (oracle: ids separated by spaces).</summary>
    public IReadOnlyList<string> TrainingLines { get; }
    /// <summary>Held-out lines as text.</summary>
    public IReadOnlyList<string> HeldOutLines { get; }
    /// <summary>Ids the networks must handle.</summary>
    public int VocabularySize { get; }
    /// <summary>Tokens per sequence.</summary>
    public int SequenceLength => (int)Training.shape[1];

    /// <summary>The names <see cref="Evaluate"/> returns, in its order.</summary>
    public IReadOnlyList<string> MetricNames => Oracle is not null
        ? new[] { "nll_test", "nll_oracle" }
        : new[] { "nll_test" }.Concat(Enumerable.Range(2, 4).SelectMany(order => new[] { $"bleu{order}", $"self_bleu{order}" }))
            .Concat(Enumerable.Range(2, 3).Select(order => $"novelty{order}")).Concat(new[] { "copy_rate", "distinct" })
            .Concat(DataSet is "tang" or TangCouplets.DataSetName ? new[] { "tang_shape", "tang_shape_novel" } : Array.Empty<string>()).ToList();

    /// <summary>Throws when <paramref name="dataSet"/> is not a known data-set name.</summary>
    public static void CheckDataSetName(string dataSet)
    {
        if (dataSet is "oracle" or "tang" or "english" or TangCouplets.DataSetName) return;
        if ((dataSet.StartsWith("lines:", StringComparison.Ordinal) || dataSet.StartsWith("words:", StringComparison.Ordinal)) && dataSet.Length > 6) return;
        throw new ArgumentException($"text data set '{dataSet}' is not known: use oracle, tang, tang-couplets, english, lines:PATH (one sample per line, characters) or words:PATH (words).", "DataSet");
    }

    /// <summary>Loads <paramref name="dataSet"/> as sequences of <paramref name="sequenceLength"/> tokens; the oracle and the
    /// held-out split are seeded so the same preset always sees the same data.</summary>
    public static TextTask Load(string dataSet, int sequenceLength, int minimumVocabularySize = 0)
    {
        CheckDataSetName(dataSet);
        if (dataSet == "oracle") return LoadOracle(sequenceLength);
        var (training, heldOut, level, origin) = LoadSplit(dataSet);
        var vocabulary = Vocabulary.Build(training.Lines, level);
        var cut = training.Lines.Count(line => vocabulary.Tokenize(line).Count > sequenceLength);
        var source = $"{origin}: {training.Lines.Count} training and {heldOut.Lines.Count} held-out lines, {vocabulary.Size} tokens ({level.ToString().ToLowerInvariant()} level)"
                     + (cut > 0 ? $", {cut} lines longer than {sequenceLength} tokens cut" : "");
        return new TextTask(dataSet, source, Encode(training.Lines, vocabulary, sequenceLength), Encode(heldOut.Lines, vocabulary, sequenceLength),
            vocabulary, null, training.Lines, heldOut.Lines, Math.Max(vocabulary.Size, minimumVocabularySize));
    }

    // The built-in corpora and files are split by a seeded shuffle; the Tang couplets come split by poem.
    private static (TextCorpus Training, TextCorpus HeldOut, TokenLevel Level, string Origin) LoadSplit(string dataSet)
    {
        if (dataSet == TangCouplets.DataSetName)
        {
            var (couplets, heldOutCouplets) = TangCouplets.Load(report: Console.Error.WriteLine);
            return (couplets, heldOutCouplets, TokenLevel.Character, TangCouplets.DefaultFolder);
        }
        var (corpus, level) = dataSet switch
        {
            "tang" => (TextCorpus.TangPoemLines(), TokenLevel.Character),
            "english" => (TextCorpus.EnglishWords(), TokenLevel.Character),
            _ when dataSet.StartsWith("words:", StringComparison.Ordinal) => (TextCorpus.Load(dataSet[6..]), TokenLevel.Word),
            _ => (TextCorpus.Load(dataSet[6..]), TokenLevel.Character),
        };
        if (corpus.Lines.Count < 20)
            throw new InvalidDataException($"{corpus.Source}: {corpus.Lines.Count} lines; a text GAN needs at least 20 (10% are held out for BLEU).");
        var (training, heldOut) = corpus.Split(0.1, seed: 1);
        return (training, heldOut, level, corpus.Source);
    }

    /// <summary>Sequences as text: decoded with the vocabulary, or oracle ids joined by spaces.</summary>
    public IReadOnlyList<string> Decode(Tensor sequences)
    {
        var length = (int)sequences.shape[1];
        var ids = sequences.cpu().data<long>().ToArray();
        return Enumerable.Range(0, (int)sequences.shape[0]).Select(row =>
        {
            var tokens = ids.Skip(row * length).Take(length).Select(id => (int)id);
            return Vocabulary is null ? string.Join(' ', tokens.Select(id => id.ToString(CultureInfo.InvariantCulture))) : Vocabulary.Decode(tokens);
        }).ToList();
    }

    /// <summary>
    /// Measures <paramref name="generator"/> with <paramref name="count"/> fresh samples. Always: nll_test (the
    /// generator's per-token NLL of held-out sequences). Oracle: nll_oracle (the oracle's NLL of the samples). Real
    /// text: bleu2..bleu5 against held-out lines, self_bleu2..self_bleu5, novelty2..novelty4 (n-grams not in the
    /// training lines), copy_rate, distinct, and for Tang lines tang_shape and tang_shape_novel (among non-copies).
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(ITextGenerator generator, int count, Generator random)
    {
        using var scope = NewDisposeScope();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["nll_test"] = SequenceLikelihood.Mean(generator, HeldOut, random) };
        var samples = generator.SampleTokens(count, random);
        if (Oracle is not null)
        {
            metrics["nll_oracle"] = Oracle.NegativeLogLikelihood(samples);
            return metrics;
        }
        var lines = Decode(samples);
        var tokens = lines.Select(Tokenize).ToList();
        // Self-BLEU compares every sample with all others; 500 keeps it to a second and is what Texygen-style reports use.
        var diversitySet = tokens.Take(500).ToList();
        for (var order = 2; order <= 5; order++)
        {
            metrics[$"bleu{order}"] = Bleu.AgainstReferences(tokens, heldOutTokens, order);
            metrics[$"self_bleu{order}"] = Bleu.SelfBleu(diversitySet, order);
        }
        for (var order = 2; order <= 4; order++) metrics[$"novelty{order}"] = TextMetrics.NgramNovelty(tokens, trainingTokens, order);
        metrics["copy_rate"] = TextMetrics.CopyRate(lines, TrainingLines);
        metrics["distinct"] = TextMetrics.DistinctShare(lines);
        if (DataSet is "tang" or TangCouplets.DataSetName)
        {
            metrics["tang_shape"] = TextMetrics.ShapeShare(lines, TextMetrics.TangLineShape());
            // The same among lines that are not copies of training lines: form the generator composed itself.
            var known = new HashSet<string>(TrainingLines, StringComparer.Ordinal);
            var novel = lines.Where(line => !known.Contains(line)).ToList();
            metrics["tang_shape_novel"] = novel.Count == 0 ? double.NaN : TextMetrics.ShapeShare(novel, TextMetrics.TangLineShape());
        }
        return metrics;
    }

    /// <summary>
    /// What real text scores on the same measures, so a generated score means something: BLEU-2..5 of (up to 500)
    /// training lines against the held-out lines and their self-BLEU-2..5 (Texygen's "training data" row).
    /// Empty for the oracle, whose real-data reference is the oracle's NLL of its own samples.
    /// </summary>
    public IReadOnlyDictionary<string, double> RealTextReference()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Oracle is not null) return metrics;
        var sample = trainingTokens.Take(500).ToList();
        for (var order = 2; order <= 5; order++)
        {
            metrics[$"bleu{order}"] = Bleu.AgainstReferences(sample, heldOutTokens, order);
            metrics[$"self_bleu{order}"] = Bleu.SelfBleu(sample, order);
        }
        if (DataSet is "tang" or TangCouplets.DataSetName) metrics["tang_shape"] = TextMetrics.ShapeShare(TrainingLines, TextMetrics.TangLineShape());
        return metrics;
    }

    private IReadOnlyList<string> Tokenize(string line) => Vocabulary?.Tokenize(line) ?? line.Split(' ');

    private static TextTask LoadOracle(int sequenceLength)
    {
        TorchRuntime.EnsureLoaded();
        var oracle = new SyntheticOracle(length: sequenceLength);
        var (training, heldOut) = OracleDraws.GetOrAdd(sequenceLength, _ => DrawOracleSets(oracle));
        var source = $"SeqGAN synthetic oracle (random LSTM, N(0,1) weights, seed 88, vocabulary {oracle.Model.VocabularySize}, length {sequenceLength}, " +
                     $"embedding/hidden 32): {OracleTrainingCount} training and {OracleHeldOutCount} held-out sequences";
        var task = new TextTask("oracle", source, training.clone(), heldOut.clone(), null, oracle, Array.Empty<string>(), Array.Empty<string>(), oracle.Model.VocabularySize);
        return task;
    }

    // Drawing the 12,000 sequences takes about 30 s on two cores (per token a softmax over 5,000 ids for every row), so
    // a process that loads the oracle again (a notebook's second oracle run, a sweep) copies its first draw. The draws
    // use their own generators, so skipping them leaves every other random stream as it was.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (Tensor Training, Tensor HeldOut)> OracleDraws = new();

    private static (Tensor Training, Tensor HeldOut) DrawOracleSets(SyntheticOracle oracle)
    {
        using var scope = NewDisposeScope();
        // Separate fixed streams: the training set and the held-out set never depend on the run's seed.
        var training = oracle.Sample(OracleTrainingCount, new Generator(2017));
        var heldOut = oracle.Sample(OracleHeldOutCount, new Generator(2018));
        return (training.DetachFromDisposeScope(), heldOut.DetachFromDisposeScope());
    }

    private static Tensor Encode(IReadOnlyList<string> lines, Vocabulary vocabulary, int length) =>
        tensor(lines.SelectMany(line => vocabulary.Encode(line, length)).Select(id => (long)id).ToArray(), new long[] { lines.Count, length });

    /// <inheritdoc />
    public void Dispose()
    {
        Training.Dispose();
        HeldOut.Dispose();
        Oracle?.Dispose();
    }
}
