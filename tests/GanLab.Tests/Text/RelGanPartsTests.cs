using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Text;

public class RelGanPartsTests
{
    [Theory]
    // progress, beta_max, expected inverse temperature: exponential beta_max^p
    [InlineData(0.0, 100, 1.0)]
    [InlineData(0.5, 100, 10.0)]
    [InlineData(1.0, 1000, 1000.0)]
    public void Should_raise_the_inverse_temperature_exponentially_to_beta_max(double progress, double maximum, double inverse)
    {
        var config = new GumbelTextGanConfig { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = maximum };

        Assert.Equal(1 / inverse, TemperatureSchedules.At(config, progress), 9);
    }

    [Fact]
    public void Should_follow_the_polynomial_schedule_and_keep_the_seed_gru_geometric_one()
    {
        // Given the quadratic schedule to 100, a cubic one, and the seed's geometric one from 1 to 0.1
        var quadratic = new GumbelTextGanConfig { Schedule = TemperatureSchedule.Polynomial, MaximumInverseTemperature = 100 };
        var cubic = quadratic with { SchedulePower = 3 };
        var geometric = new GumbelTextGanConfig { InitialTemperature = 1, FinalTemperature = 0.1 };

        // Then a quarter of the way beta = 1 + 99 / 16 (quadratic), 1 + 99 / 64 (cubic); geometric is 0.1^0.25
        Assert.Equal(1 / (1 + 99 / 16.0), TemperatureSchedules.At(quadratic, 0.25), 9);
        Assert.Equal(1 / (1 + 99 / 64.0), TemperatureSchedules.At(cubic, 0.25), 9);
        Assert.Equal(Math.Pow(0.1, 0.25), TemperatureSchedules.At(geometric, 0.25), 9);
        // And progress beyond the phase is held at its end
        Assert.Equal(0.01, TemperatureSchedules.At(quadratic, 1.5), 9);
    }

    [Fact]
    public void Should_score_each_representation_separately_so_changing_one_embedding_moves_only_its_column()
    {
        // Given a D with 4 representations of a 7-token vocabulary and a batch of relaxed sequences
        random.manual_seed(3);
        using var discriminator = new MultiRepresentationDiscriminator(vocabularySize: 7, representations: 4, embeddingSize: 5, hiddenSize: 6, layers: 1);
        using var sequences = nn.functional.softmax(randn(3, 8, 7), 2);
        using var before = discriminator.call(sequences);

        // When only the third embedding matrix (rows 10..14 of the stacked one) changes
        var weight = discriminator.named_parameters().Single(pair => pair.name == "embeddings.weight").parameter;
        using (no_grad()) weight.narrow(0, 2 * 5, 5).add_(1.0);
        using var after = discriminator.call(sequences);

        // Then the scores are [B, S] and column 2 alone moved
        Assert.Equal(new long[] { 3, 4 }, before.shape);
        using var moved = (after - before).abs().max(dim: 0).values;
        var change = moved.data<float>().ToArray();
        Assert.True(change[2] > 1e-4, $"column 2 moved by {change[2]}");
        Assert.All(new[] { 0, 1, 3 }, column => Assert.True(change[column] == 0, $"column {column} moved by {change[column]}"));
    }

    [Theory]
    // feedback of the drawn token: the tokens drawn (argmax of each row) do not depend on the temperature;
    // feedback of the relaxed row: the temperature changes G's inputs and so the later tokens
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Should_draw_the_same_tokens_at_any_temperature_only_when_feeding_back_the_drawn_token(bool feedBackDrawnToken, bool same)
    {
        // Given one generator (vocabulary 20, length 12) and the same noise stream at temperature 1 and at 1/100
        random.manual_seed(5);
        var config = new GumbelTextGanConfig { VocabularySize = 20, SequenceLength = 12, EmbeddingSize = 8, HiddenSize = 16, LatentSize = 4, FeedBackDrawnToken = feedBackDrawnToken };
        using var generator = new GumbelGruGenerator(config);
        using var noise = randn(32, 4);
        Tensor TokensAt(double temperature)
        {
            generator.Temperature = temperature;
            generator.NoiseSource = new Generator(7);
            using var rows = generator.call(noise);
            return rows.argmax(2);
        }

        // When the batch is drawn at both temperatures
        using var warm = TokensAt(1.0);
        using var cold = TokensAt(0.01);

        // Then the first token always agrees, and the rest agree exactly when the drawn token is fed back
        Assert.True(warm.select(1, 0).eq(cold.select(1, 0)).all().item<bool>());
        Assert.Equal(same, warm.eq(cold).all().item<bool>());
    }

    [Fact]
    public void Should_show_D_one_hot_rows_and_pass_the_relaxed_rows_gradient_when_straight_through()
    {
        // Given the same generator weights and noise, once relaxed and once straight-through, at temperature 0.5
        var config = new GumbelTextGanConfig { VocabularySize = 20, SequenceLength = 6, EmbeddingSize = 8, HiddenSize = 16, LatentSize = 4, FeedBackDrawnToken = true };
        random.manual_seed(11);
        using var relaxed = new GumbelGruGenerator(config);
        using var straight = new GumbelGruGenerator(config with { StraightThrough = true });
        straight.load_state_dict(relaxed.state_dict());
        using var noise = randn(8, 4);
        using var weights = randn(8, 6, 20);
        (Tensor Rows, Tensor Gradient) Run(GumbelGruGenerator generator)
        {
            generator.Temperature = 0.5;
            generator.NoiseSource = new Generator(3);
            generator.zero_grad();
            var rows = generator.call(noise);
            (rows * weights).sum().backward();
            return (rows.detach(), generator.parameters().Last().grad!.clone());
        }

        // When both are run forward and a weighted sum of their rows backward
        var (softRows, softGradient) = Run(relaxed);
        var (hardRows, hardGradient) = Run(straight);

        // Then D's rows are exactly the one-hot rows of the relaxed rows' argmax, and G's gradient is the relaxed one
        Assert.True(hardRows.eq(torch.nn.functional.one_hot(softRows.argmax(2), 20).to_type(ScalarType.Float32)).all().item<bool>());
        Assert.True(softRows.max().item<float>() < 1f, "the relaxed rows are not one-hot at temperature 0.5");
        Assert.True(softGradient.abs().sum().item<float>() > 1e-3f, "the relaxed rows pass no gradient");
        Assert.True(hardGradient.allclose(softGradient, rtol: 1e-5, atol: 1e-7), "the straight-through gradient differs from the relaxed one");
    }

    [Fact]
    public void Should_draw_each_schedule_as_its_temperatures_over_the_phase()
    {
        // Given RelGAN's exponential schedule to 100 and the seed's geometric one from 1 to 0.1, drawn at 5 points
        var exponential = new GumbelTextGanConfig { Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 100 };
        var geometric = new GumbelTextGanConfig { InitialTemperature = 1, FinalTemperature = 0.1 };

        // When the chart is made and its page written
        var html = Plotly.NET.GenericChart.toChartHTML(GanLab.Viz.TemperatureCharts.Schedules(new[] { ("exponential", exponential), ("geometric", geometric) }, points: 5));

        // Then its two traces hold 100^(-p) and 0.1^p at p = 0, 1/4, ..., 1, computed here by hand
        var traces = System.Text.RegularExpressions.Regex.Matches(html, "\"y\":\\[([^\\]]*)\\]")
            .Select(match => match.Groups[1].Value.Split(',').Select(value => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(2, traces.Count);
        var progress = new[] { 0, 0.25, 0.5, 0.75, 1 };
        Assert.Equal(progress.Select(share => Math.Pow(100, -share)), traces[0], (expected, actual) => Math.Abs(expected - actual) < 1e-9);
        Assert.Equal(progress.Select(share => Math.Pow(0.1, share)), traces[1], (expected, actual) => Math.Abs(expected - actual) < 1e-9);
        Assert.Contains("exponential", html);
        Assert.Throws<ArgumentException>(() => GanLab.Viz.TemperatureCharts.Schedules(Array.Empty<(string, GumbelTextGanConfig)>()));
    }
}
