namespace GanLab.Metrics;

/// <summary>
/// BLEU (Papineni et al. 2002) exactly as NLTK 3.8 computes it with uniform weights 1/n over 1..n-grams and
/// smoothing method 1 (a zero n-gram match count becomes 0.1), the setting text-GAN papers report through Texygen.
/// Tokens are strings; for Chinese poems and single words, tokens are characters.
/// </summary>
public static class Bleu
{
    private const double Epsilon = 0.1; // NLTK SmoothingFunction.epsilon, used by method1

    /// <summary>NLTK's sentence_bleu(references, hypothesis, weights = (1/n,)*n, smoothing method1).</summary>
    public static double Sentence(IReadOnlyList<IReadOnlyList<string>> references, IReadOnlyList<string> hypothesis, int maximumOrder) =>
        Corpus(new[] { references }, new[] { hypothesis }, maximumOrder);

    /// <summary>NLTK's corpus_bleu: clipped n-gram matches and lengths summed over all hypotheses before the ratio.</summary>
    public static double Corpus(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> referencesPerHypothesis, IReadOnlyList<IReadOnlyList<string>> hypotheses, int maximumOrder)
    {
        CheckOrder(maximumOrder);
        if (referencesPerHypothesis.Count != hypotheses.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {referencesPerHypothesis.Count} reference lists.", nameof(referencesPerHypothesis));
        var numerators = new long[maximumOrder + 1];
        var denominators = new long[maximumOrder + 1];
        long hypothesisLength = 0, referenceLength = 0;
        for (var index = 0; index < hypotheses.Count; index++)
        {
            var references = new ReferenceSet(referencesPerHypothesis[index], maximumOrder);
            var hypothesis = hypotheses[index];
            for (var order = 1; order <= maximumOrder; order++)
            {
                var (matched, total) = references.ClippedMatches(hypothesis, order, excluded: -1);
                numerators[order] += matched;
                denominators[order] += total;
            }
            hypothesisLength += hypothesis.Count;
            referenceLength += references.ClosestLength(hypothesis.Count, excluded: -1);
        }
        return Score(numerators, denominators, hypothesisLength, referenceLength, maximumOrder);
    }

    /// <summary>BLEU-n of generated text against real text as text-GAN work reports it (Texygen): the mean over
    /// hypotheses of sentence BLEU with every real line as a reference.</summary>
    public static double AgainstReferences(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, int maximumOrder)
    {
        CheckOrder(maximumOrder);
        if (hypotheses.Count == 0 || references.Count == 0) throw new ArgumentException("BLEU needs at least one hypothesis and one reference.", nameof(hypotheses));
        var set = new ReferenceSet(references, maximumOrder);
        return hypotheses.Average(hypothesis => SentenceAgainst(set, hypothesis, maximumOrder, excluded: -1));
    }

    /// <summary>Self-BLEU-n (Zhu et al. 2018, Texygen): the mean over samples of sentence BLEU with all other samples as
    /// references. High = the samples repeat each other (low diversity).</summary>
    public static double SelfBleu(IReadOnlyList<IReadOnlyList<string>> samples, int maximumOrder)
    {
        CheckOrder(maximumOrder);
        if (samples.Count < 2) throw new ArgumentException($"self-BLEU needs at least two samples, got {samples.Count}.", nameof(samples));
        var set = new ReferenceSet(samples, maximumOrder);
        return Enumerable.Range(0, samples.Count).Average(index => SentenceAgainst(set, samples[index], maximumOrder, excluded: index));
    }

    private static double SentenceAgainst(ReferenceSet references, IReadOnlyList<string> hypothesis, int maximumOrder, int excluded)
    {
        var numerators = new long[maximumOrder + 1];
        var denominators = new long[maximumOrder + 1];
        for (var order = 1; order <= maximumOrder; order++)
            (numerators[order], denominators[order]) = references.ClippedMatches(hypothesis, order, excluded);
        return Score(numerators, denominators, hypothesis.Count, references.ClosestLength(hypothesis.Count, excluded), maximumOrder);
    }

    private static double Score(long[] numerators, long[] denominators, long hypothesisLength, long referenceLength, int maximumOrder)
    {
        if (numerators[1] == 0) return 0; // NLTK: no unigram in common -> 0, before any smoothing
        var brevity = hypothesisLength > referenceLength ? 1.0 : hypothesisLength == 0 ? 0.0 : Math.Exp(1 - referenceLength / (double)hypothesisLength);
        var logSum = 0.0;
        for (var order = 1; order <= maximumOrder; order++)
        {
            var precision = numerators[order] == 0 ? Epsilon / denominators[order] : numerators[order] / (double)denominators[order];
            logSum += Math.Log(precision) / maximumOrder;
        }
        return brevity * Math.Exp(logSum);
    }

    private static void CheckOrder(int maximumOrder)
    {
        if (maximumOrder is < 1 or > 10) throw new ArgumentException($"the n-gram order must be 1 to 10, got {maximumOrder}.", nameof(maximumOrder));
    }

    // For every n-gram, its largest count in any one reference (and the runner-up from another reference, so one
    // reference can be left out for self-BLEU without recounting).
    private sealed class ReferenceSet
    {
        private readonly Dictionary<string, (int Best, int Owner, int Second)>[] maxima;
        private readonly int[] lengths;

        public ReferenceSet(IReadOnlyList<IReadOnlyList<string>> references, int maximumOrder)
        {
            lengths = references.Select(reference => reference.Count).ToArray();
            maxima = Enumerable.Range(0, maximumOrder + 1).Select(_ => new Dictionary<string, (int, int, int)>(StringComparer.Ordinal)).ToArray();
            for (var owner = 0; owner < references.Count; owner++)
            for (var order = 1; order <= maximumOrder; order++)
            foreach (var (gram, count) in Counts(references[owner], order))
            {
                var table = maxima[order];
                var (best, bestOwner, second) = table.TryGetValue(gram, out var seen) ? seen : (0, -1, 0);
                table[gram] = count > best ? (count, owner, best) : (best, bestOwner, Math.Max(second, count));
            }
        }

        public (long Matched, long Total) ClippedMatches(IReadOnlyList<string> hypothesis, int order, int excluded)
        {
            var counts = Counts(hypothesis, order);
            long matched = 0, total = 0;
            foreach (var (gram, count) in counts)
            {
                total += count;
                if (!maxima[order].TryGetValue(gram, out var entry)) continue;
                matched += Math.Min(count, entry.Owner == excluded ? entry.Second : entry.Best);
            }
            return (matched, Math.Max(1, total));
        }

        // NLTK: the reference length closest to the hypothesis length, the shorter one on a tie.
        public long ClosestLength(int hypothesisLength, int excluded)
        {
            var best = -1;
            for (var index = 0; index < lengths.Length; index++)
            {
                if (index == excluded) continue;
                var candidate = lengths[index];
                if (best < 0 || Math.Abs(candidate - hypothesisLength) < Math.Abs(best - hypothesisLength)
                    || (Math.Abs(candidate - hypothesisLength) == Math.Abs(best - hypothesisLength) && candidate < best)) best = candidate;
            }
            return Math.Max(0, best);
        }

        private static Dictionary<string, int> Counts(IReadOnlyList<string> tokens, int order)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var start = 0; start + order <= tokens.Count; start++)
            {
                // U+001F (unit separator) cannot occur inside a token, so joined n-grams are unambiguous keys.
                var gram = string.Join('\u001f', tokens.Skip(start).Take(order));
                counts[gram] = counts.TryGetValue(gram, out var count) ? count + 1 : 1;
            }
            return counts;
        }
    }
}
