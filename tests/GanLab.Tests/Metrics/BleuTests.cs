using GanLab.Metrics;

namespace GanLab.Tests.Metrics;

/// <summary>
/// Expected values computed with the reference implementation, NLTK 3.8 (Debian 12's python3-nltk):
/// sentence_bleu / corpus_bleu with weights (1/n,)*n and SmoothingFunction().method1, on the sentences below;
/// "average" is the mean of the sentence scores (Texygen's BLEU), "self" the mean of each hypothesis scored
/// against the other four.
/// </summary>
public class BleuTests
{
    private static readonly IReadOnlyList<string>[] References =
        new[] { "the cat sat on the mat", "there is a cat on the mat", "a dog slept under the old red mat" }.Select(Words).ToArray();
    private static readonly IReadOnlyList<string>[] Hypotheses =
        new[] { "the cat is on the mat", "a cat sat on a mat", "the the the the", "dog under the mat", "mat" }.Select(Words).ToArray();

    private static IReadOnlyList<string> Words(string sentence) => sentence.Split(' ');

    [Theory]
    [InlineData(2, new[] { 0.774597, 0.707107, 0.078303, 0.49523, 0.002131 })]
    [InlineData(3, new[] { 0.531329, 0.5, 0.057077, 0.1952, 0.001452 })]
    [InlineData(4, new[] { 0.265915, 0.254066, 0.057951, 0.145738, 0.001198 })]
    [InlineData(5, new[] { 0.190365, 0.183549, 0.058481, 0.122301, 0.001068 })]
    public void Should_match_NLTK_sentence_bleu_with_smoothing_method_1(int order, double[] expected)
    {
        var actual = Hypotheses.Select(hypothesis => Bleu.Sentence(References, hypothesis, order)).ToArray();

        for (var index = 0; index < expected.Length; index++) Assert.Equal(expected[index], actual[index], 4);
    }

    [Theory]
    [InlineData(2, 0.413734, 0.411473, 0.212268)]
    [InlineData(3, 0.25791, 0.257011, 0.106296)]
    [InlineData(4, 0.105562, 0.144974, 0.087318)]
    [InlineData(5, 0.064947, 0.111153, 0.08061)]
    public void Should_match_NLTK_corpus_bleu_the_averaged_BLEU_and_self_BLEU(int order, double corpus, double average, double self)
    {
        Assert.Equal(corpus, Bleu.Corpus(Hypotheses.Select(_ => (IReadOnlyList<IReadOnlyList<string>>)References).ToList(), Hypotheses, order), 4);
        Assert.Equal(average, Bleu.AgainstReferences(Hypotheses, References, order), 4);
        Assert.Equal(self, Bleu.SelfBleu(Hypotheses, order), 4);
    }

    [Fact]
    public void Should_give_1_for_a_line_that_copies_a_reference_and_0_without_a_shared_token()
    {
        var poems = new[] { "兰叶春葳蕤，桂华秋皎洁。", "欣欣此生意，自尔为佳节。" }.Select(line => (IReadOnlyList<string>)line.Select(character => character.ToString()).ToList()).ToArray();

        Assert.Equal(1.0, Bleu.Sentence(poems, poems[1], 4), 10);
        Assert.Equal(0.0, Bleu.Sentence(poems, Words("no shared token"), 2));
    }

    [Fact]
    public void Should_refuse_a_self_BLEU_of_one_sample_and_an_order_of_zero()
    {
        Assert.Contains("at least two samples", Assert.Throws<ArgumentException>(() => Bleu.SelfBleu(new[] { Words("a b") }, 2)).Message);
        Assert.Contains("order must be 1 to 10, got 0", Assert.Throws<ArgumentException>(() => Bleu.AgainstReferences(Hypotheses, References, 0)).Message);
    }
}
