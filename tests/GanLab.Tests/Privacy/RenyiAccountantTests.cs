using GanLab.Privacy;

namespace GanLab.Tests.Privacy;

/// <summary>
/// The RDP accountant against values computed another way: the TensorFlow Privacy MNIST tutorial's published epsilon,
/// the Gaussian mechanism's closed form, and direct numerical integration of the moment
/// A_alpha = E_{z ~ N(0, s^2)} [((1 - q) + q exp((2z - 1) / (2 s^2)))^alpha] with mpmath 1.3 at 40 digits
/// (quad over [-inf, -10, 0, 0.5, 1, 10, 40, inf]), RDP = log(A_alpha) / (alpha - 1).
/// </summary>
public class RenyiAccountantTests
{
    [Theory]
    [InlineData(0.01, 1.1, 2.5, 0.000162077409370004)]
    [InlineData(256.0 / 60000, 1.1, 8, 9.8341061779926e-5)]
    [InlineData(0.05, 0.8, 3.7, 0.03750522711576)]
    [InlineData(0.05, 0.8, 4, 0.0539909150373818)]
    [InlineData(0.2, 2.0, 12.3, 0.162437139226299)]
    public void Should_match_the_numerically_integrated_divergence_at_integer_and_fractional_orders(double q, double sigma, double order, double integrated)
    {
        var divergence = RenyiAccountant.StepDivergence(q, sigma, order);

        Assert.Equal(integrated, divergence, integrated * 1e-5);
    }

    [Fact]
    public void Should_give_the_tensorflow_privacy_mnist_tutorials_epsilon_with_the_classic_conversion_and_less_with_balles()
    {
        // 60 epochs of batch 256 over 60,000 digits, noise multiplier 1.1, delta 1e-5: the tutorial reports epsilon 3.01.
        var spent = RenyiAccountant.Spent(256.0 / 60000, 1.1, 14062, 1e-5);

        Assert.Equal(3.01, spent.ClassicEpsilon, 0.005);
        Assert.InRange(spent.Epsilon, 0.5 * spent.ClassicEpsilon, spent.ClassicEpsilon - 0.05);
        Assert.InRange(spent.Order, 1.1, 63);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(1.5, 7.0)]
    [InlineData(4.0, 32.0)]
    public void Should_reduce_to_the_gaussian_mechanisms_closed_form_without_subsampling(double sigma, double order)
    {
        var closedForm = order / (2 * sigma * sigma);

        Assert.Equal(closedForm, RenyiAccountant.StepDivergence(1, sigma, order), 12);
        // The subsampled series approaches the same value as q -> 1 (exercises the binomial sum, not the shortcut).
        Assert.Equal(closedForm, RenyiAccountant.StepDivergence(1 - 1e-9, sigma, order), closedForm * 1e-6);
    }

    [Fact]
    public void Should_join_the_integer_and_fractional_series_continuously()
    {
        var integer = RenyiAccountant.StepDivergence(0.02, 1.0, 6);
        var justAbove = RenyiAccountant.StepDivergence(0.02, 1.0, 6 + 1e-7);
        var justBelow = RenyiAccountant.StepDivergence(0.02, 1.0, 6 - 1e-7);

        Assert.Equal(integer, justAbove, integer * 1e-5);
        Assert.Equal(integer, justBelow, integer * 1e-5);
    }

    [Fact]
    public void Should_find_the_noise_multiplier_for_a_target_epsilon_to_one_percent()
    {
        var q = 64.0 / 8000;
        var sigma = RenyiAccountant.NoiseMultiplierFor(1.0, q, 5000, 1e-5);

        var reached = RenyiAccountant.Spent(q, sigma, 5000, 1e-5).Epsilon;
        Assert.InRange(reached, 0.99, 1.0);
        Assert.True(RenyiAccountant.Spent(q, sigma * 0.99, 5000, 1e-5).Epsilon > 1.0);
        // The round trip: the noise that gives the tutorial's epsilon is the tutorial's noise.
        var tutorial = RenyiAccountant.Spent(256.0 / 60000, 1.1, 14062, 1e-5).Epsilon;
        Assert.Equal(1.1, RenyiAccountant.NoiseMultiplierFor(tutorial, 256.0 / 60000, 14062, 1e-5), 0.011);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, -0.735011129837084)]
    [InlineData(1.0, -1.84960550993325)]
    [InlineData(3.0, -10.7203630419811)]
    [InlineData(10.0, -102.879889024845)]
    [InlineData(27.0, -732.868886507897)]
    public void Should_compute_log_erfc_far_into_the_tail(double x, double expected)
    {
        Assert.Equal(expected, GaussianTail.LogErfc(x), 2e-7);
        Assert.Equal(Math.Log(2 - Math.Exp(expected)), GaussianTail.LogErfc(-x), 2e-7);
    }

    [Theory]
    [InlineData(0.0, 1.0, 10L, 1e-5, "samplingRate")]
    [InlineData(1.5, 1.0, 10L, 1e-5, "samplingRate")]
    [InlineData(0.01, -1.0, 10L, 1e-5, "noiseMultiplier")]
    [InlineData(0.01, 1.0, -1L, 1e-5, "steps")]
    [InlineData(0.01, 1.0, 10L, 1.0, "delta")]
    public void Should_name_the_setting_that_is_out_of_range(double q, double sigma, long steps, double delta, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RenyiAccountant.Spent(q, sigma, steps, delta));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Should_spend_nothing_before_the_first_step_and_everything_without_noise()
    {
        Assert.Equal(0, RenyiAccountant.Spent(0.01, 1.0, 0, 1e-5).Epsilon);
        Assert.True(double.IsPositiveInfinity(RenyiAccountant.Spent(0.01, 0, 10, 1e-5).Epsilon));
    }
}
