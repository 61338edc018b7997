using GanLab.Models;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>Captures a <see cref="FieldSnapshot"/> every <c>every</c> steps (and at step 0) while a toy GAN trains.</summary>
public sealed class FieldRecorder : ITrainingHook, IDisposable
{
    private readonly GanModel model;
    private readonly Tensor real;
    private readonly Tensor noise;
    private readonly int every;
    private readonly LossKind loss;
    private readonly double extent;
    private readonly List<FieldSnapshot> snapshots = new();

    /// <summary>Records <paramref name="model"/> against <paramref name="realPoints"/> with 2-D noise for <paramref name="fakeCount"/> points.</summary>
    public FieldRecorder(GanModel model, Tensor realPoints, int every, LossKind loss, int fakeCount = 300, double extent = 1.6, long seed = 11)
    {
        this.model = model;
        this.every = Math.Max(1, every);
        this.loss = loss;
        this.extent = extent;
        real = realPoints.detach().cpu().clone().DetachFromDisposeScope();
        noise = randn(new long[] { fakeCount, model.LatentSize }, generator: new Generator((ulong)seed)).DetachFromDisposeScope();
        snapshots.Add(FieldSnapshot.Capture(model, real, noise, 0, loss, extent));
    }

    /// <summary>Snapshots so far, oldest first.</summary>
    public IReadOnlyList<FieldSnapshot> Snapshots => snapshots;

    /// <inheritdoc />
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        if (row.Step % every == 0) snapshots.Add(FieldSnapshot.Capture(model, real, noise, row.Step, loss, extent));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        real.Dispose();
        noise.Dispose();
    }
}
