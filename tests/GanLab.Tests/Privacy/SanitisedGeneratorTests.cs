using GanLab.Experiments;
using GanLab.Privacy;
using GanLab.Tests.Training;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Privacy;

/// <summary>GS-WGAN's sanitiser: the gradient at each generated sample clipped and noised before it reaches G.</summary>
public class SanitisedGeneratorTests
{
    [Fact]
    public void Should_clip_each_samples_gradient_to_the_clip_norm_and_leave_smaller_ones_alone()
    {
        var gradients = randn(new long[] { 20, 1, 6, 6 }, generator: new Generator(2)) * linspace(0.02, 0.6, 20).view(20, 1, 1, 1);
        var before = gradients.reshape(20, -1).norm(1).data<float>().ToArray();

        var sanitised = PrivateGradients.Sanitise(gradients, 1.5, 0, new Generator(3));

        var after = sanitised.reshape(20, -1).norm(1).data<float>().ToArray();
        Assert.Equal(gradients.shape, sanitised.shape);
        Assert.True(before.Count(norm => norm > 1.5) >= 5 && before.Count(norm => norm < 1.5) >= 5, "the test needs rows on both sides of the clip norm");
        for (var row = 0; row < 20; row++) Assert.Equal(Math.Min(before[row], 1.5), after[row], 1e-4);
        Assert.True(allclose(sanitised[0], gradients[0]), "a row below the clip norm must be unchanged");
    }

    [Fact]
    public void Should_add_noise_of_sigma_times_the_clip_norm_to_every_element()
    {
        var noise = PrivateGradients.Sanitise(zeros(500, 400), 0.5, 2, new Generator(4));

        Assert.Equal(1.0, noise.std().item<float>(), 0.01);
        Assert.Equal(0.0, noise.mean().item<float>(), 0.005);
    }

    [Fact]
    public void Should_update_G_as_the_ordinary_step_does_without_noise_and_with_a_clip_norm_no_sample_reaches()
    {
        var sanitised = new PrivacySettings { Method = PrivacyMethod.GeneratorGradient, ClipNorm = 1e6, NoiseMultiplier = 0 };
        var ordinary = GeneratorAfterOneStep(TrainerTests.SmallMlp(1));
        var throughSanitiser = GeneratorAfterOneStep(TrainerTests.SmallMlp(1).WithAdversarial(phase => phase with { Privacy = sanitised }));
        var changed = GeneratorAfterOneStep(TrainerTests.SmallMlp(1).WithAdversarial(phase => phase with { Privacy = sanitised with { ClipNorm = 1e-4 } }));

        for (var index = 0; index < ordinary.Length; index++)
            Assert.True(allclose(ordinary[index], throughSanitiser[index], rtol: 1e-4, atol: 1e-7), $"G parameter {index} differs");
        Assert.Contains(Enumerable.Range(0, ordinary.Length), index => !allclose(ordinary[index], changed[index], rtol: 1e-4, atol: 1e-7));
    }

    [Fact]
    public void Should_record_the_epsilon_of_a_gaussian_mechanism_of_noise_sigma_over_twice_root_batch_per_G_update()
    {
        var settings = new PrivacySettings { Method = PrivacyMethod.GeneratorGradient, ClipNorm = 1, NoiseMultiplier = 40, Delta = 1e-5 };
        var preset = TrainerTests.SmallMlp(4).WithAdversarial(phase => phase with { Privacy = settings, DiscriminatorSteps = 3 });
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();

        // Chen et al. 2020, Theorem 1: per G update, RDP(alpha) = 2 B alpha / sigma^2; no subsampling with one D.
        var rows = run.Trainer.History.Rows;
        for (var step = 1; step <= 4; step++)
        {
            var expected = Enumerable.Range(2, 200).Select(order => step * 2.0 * preset.Training.BatchSize * order / (40.0 * 40.0) + Math.Log(1 / 1e-5) / (order - 1)).Min();
            Assert.True(rows[step - 1][Columns.Epsilon] <= expected + 1e-9, $"step {step}: {rows[step - 1][Columns.Epsilon]} above the classic bound {expected}");
            Assert.True(rows[step - 1][Columns.Epsilon] >= expected - Math.Log(1 / 1e-5) / 10, $"step {step}: {rows[step - 1][Columns.Epsilon]} far below {expected}");
        }
        Assert.Equal(new RenyiLedger(1, 40 / (2 * Math.Sqrt(preset.Training.BatchSize)), 1e-5).After(4).Epsilon, rows[3][Columns.Epsilon], 12);
    }

    private static Tensor[] GeneratorAfterOneStep(Preset preset)
    {
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();
        return run.Model.Generator.parameters().Select(parameter => parameter.detach().clone()).ToArray();
    }
}
