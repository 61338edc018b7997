using GanLab.Training;
using GanLab.Experiments;

namespace GanLab.Tests.Experiments;

public class SweepTests
{
    [Fact]
    public void Should_train_every_combination_with_its_settings_and_measure_each()
    {
        // Given a 2 x 2 grid over batch size and D steps on the toy ring
        var sweep = Sweep.Grid(Presets.ToyRing, 5,
            "batch", new[] { 32, 64 }, (preset, batch) => preset with { Training = preset.Training with { BatchSize = batch } },
            "D steps", new[] { 1, 2 }, (preset, steps) => preset.WithAdversarial(phase => phase with { DiscriminatorSteps = steps }),
            run => new Dictionary<string, double> { ["batch"] = run.Trainer.Plan.BatchSize, ["d steps"] = run.Trainer.Plan.Main<AdversarialPhase>().DiscriminatorSteps, ["steps"] = run.Trainer.Step });

        // Then four runs, first setting varying slowest, each trained 5 steps with its own settings
        Assert.Equal(new[] { "32 / 1", "32 / 2", "64 / 1", "64 / 2" }, sweep.Results.Select(result => result.Label));
        Assert.All(sweep.Results, result =>
        {
            Assert.Equal(double.Parse(result.First), result.Measures["batch"]);
            Assert.Equal(double.Parse(result.Second), result.Measures["d steps"]);
            Assert.Equal(5, result.Measures["steps"]);
            Assert.Equal(5, result.History.Rows.Count);
        });
    }
}
