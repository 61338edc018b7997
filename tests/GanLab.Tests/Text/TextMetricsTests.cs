using GanLab.Metrics;
using GanLab.Training;

namespace GanLab.Tests.Text;

public class TextMetricsTests
{
    private static IReadOnlyList<IReadOnlyList<string>> Words(params string[] lines) => lines.Select(line => (IReadOnlyList<string>)line.Split(' ')).ToList();

    [Fact]
    public void Should_count_the_share_of_generated_ngrams_never_seen_in_training()
    {
        // Given training "a b c" (bigrams ab, bc) and generated "a b d" (ab seen, bd new) and "c a" (ca new)
        var training = Words("a b c");
        var generated = Words("a b d", "c a");

        // Then 2 of 3 generated bigrams are new; every unigram but d was seen (1 of 5 new)
        Assert.Equal(2 / 3.0, TextMetrics.NgramNovelty(generated, training, 2), 12);
        Assert.Equal(1 / 5.0, TextMetrics.NgramNovelty(generated, training, 1), 12);
        Assert.True(double.IsNaN(TextMetrics.NgramNovelty(Words("a"), training, 2)));
    }

    [Fact]
    public void Should_count_exact_copies_of_training_lines_and_distinct_lines()
    {
        var generated = new[] { "床前明月光", "疑是地上霜", "床前明月光", "new line" };
        Assert.Equal(0.75, TextMetrics.CopyRate(generated, new[] { "床前明月光", "疑是地上霜" }), 12);
        Assert.Equal(0.75, TextMetrics.DistinctShare(generated), 12);
        Assert.Throws<ArgumentException>(() => TextMetrics.CopyRate(Array.Empty<string>(), new[] { "x" }));
    }

    [Fact]
    public void Should_accept_only_five_characters_comma_five_characters_full_stop()
    {
        var shape = TextMetrics.TangLineShape();
        Assert.Matches(shape, "兰叶春葳蕤，桂华秋皎洁。");
        Assert.DoesNotMatch(shape, "兰叶春葳，桂华秋皎洁。");      // four characters
        Assert.DoesNotMatch(shape, "兰叶春葳蕤,桂华秋皎洁。");     // ASCII comma
        Assert.DoesNotMatch(shape, "兰叶春葳蕤，桂华秋皎洁");       // no full stop
        Assert.DoesNotMatch(shape, "兰叶春葳蕤，桂华秋皎洁。。");
        Assert.Equal(0.5, TextMetrics.ShapeShare(new[] { "兰叶春葳蕤，桂华秋皎洁。", "夜夜夜夜夜夜" }, shape), 12);
    }

    [Fact]
    public void Should_leave_metric_cells_empty_where_a_step_was_not_measured()
    {
        // Given a history with metrics measured after step 2 only
        var history = new TrainingHistory();
        history.Add(new HistoryRow(1, "mle", new Dictionary<string, double> { ["g_loss"] = 5.5 }));
        history.Add(new HistoryRow(2, "adversarial", new Dictionary<string, double> { ["g_loss"] = 0.7, ["d_loss"] = 1.3, ["d_real"] = 0.6, ["d_fake"] = 0.4, ["temperature"] = 0.5 }));
        history.SetMetrics(new Dictionary<string, double> { ["nll_oracle"] = 9.25, ["nll_test"] = 7.5 });

        // Then the CSV has the standard columns, the step's own column, then one column per metric, empty where not measured
        var lines = history.ToCsv().TrimEnd('\n').Split('\n');
        Assert.Equal("step,phase,d_loss,g_loss,d_real,d_fake,g_grad_norm,d_grad_norm,temperature,nll_oracle,nll_test", lines[0]);
        Assert.Equal("1,mle,,5.5,,,,,,,", lines[1]);
        Assert.Equal("2,adversarial,1.3,0.7,0.6,0.4,,,0.5,9.25,7.5", lines[2]);
        Assert.Equal(new[] { (2, 9.25) }, history.Series("nll_oracle"));
    }
}
