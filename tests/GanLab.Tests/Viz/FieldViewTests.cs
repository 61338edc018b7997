using System.Text.Json;
using GanLab.Core;
using GanLab.Data;
using GanLab.Models;
using GanLab.Training;
using GanLab.Viz;
using static TorchSharp.torch;

namespace GanLab.Tests.Viz;

public class FieldViewTests
{
    [Fact]
    public void Should_capture_D_on_a_30x30_grid_G_on_a_20x20_noise_grid_and_one_push_per_fake_point()
    {
        Seeding.SeedEverything(1).Dispose();
        using var model = new ToyGanConfig().Build();
        using var real = ToyDistribution.Ring.Sample(50, new Generator(1));
        using var noise = randn(40, 2);

        var snapshot = FieldSnapshot.Capture(model, real, noise, 7, LossKind.NonSaturating);

        Assert.Equal(7, snapshot.Step);
        Assert.Equal(30, snapshot.Probability.Length);
        Assert.All(snapshot.Probability, row => Assert.All(row, value => Assert.InRange(value, 0, 1)));
        Assert.Equal(400, snapshot.Manifold.Length);
        Assert.Equal(40, snapshot.Fake.Length);
        Assert.Equal(40, snapshot.Push.Length);
        Assert.Contains(snapshot.Push, push => Math.Abs(push[0]) + Math.Abs(push[1]) > 0);
        Assert.True(model.Generator.training, "capturing must leave the model in training mode");
    }

    [Fact]
    public void Should_make_one_slider_step_per_snapshot_showing_only_its_traces()
    {
        Seeding.SeedEverything(1).Dispose();
        using var model = new ToyGanConfig().Build();
        using var real = ToyDistribution.Ring.Sample(20, new Generator(1));
        using var noise = randn(10, 2);
        var snapshots = new[] { 0, 5, 10 }.Select(step => FieldSnapshot.Capture(model, real, noise, step, LossKind.NonSaturating)).ToList();

        var figure = FieldView.Slider(snapshots);

        using var data = JsonDocument.Parse(figure.DataJson);
        using var layout = JsonDocument.Parse(figure.LayoutJson);
        Assert.Equal(15, data.RootElement.GetArrayLength()); // heatmap, noise grid, real, generated, push: 5 per snapshot
        var steps = layout.RootElement.GetProperty("sliders")[0].GetProperty("steps");
        Assert.Equal(3, steps.GetArrayLength());
        var visible = steps[1].GetProperty("args")[1].EnumerateArray().Select(flag => flag.GetBoolean()).ToArray();
        Assert.Equal(new[] { false, false, false, false, false, true, true, true, true, true, false, false, false, false, false }, visible);
    }
}
