using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Viz;
using static TorchSharp.torch;

namespace GanLab.Lessons;

/// <summary>Pictures of samples for notebooks: image grids for image GANs, point clouds for toy GANs.</summary>
public static class Pictures
{
    /// <summary>Images in [0, 1], [N, C, H, W], as a grid.</summary>
    public static Picture Grid(Tensor images, string caption = "", int? columns = null, int scale = 2) =>
        new(ImageGrid.ToPng(images, columns, scale), caption);

    /// <summary>Real (green) and generated (purple) 2-D points.</summary>
    public static Picture Points(Tensor real, Tensor generated, string caption = "", int size = 360) =>
        new(PointCloud.ToPng(real, generated, size), caption);

    /// <summary>The run's fixed-noise samples now (image grid or point cloud).</summary>
    public static Picture Samples(TrainingRun run, string? caption = null)
    {
        var view = run.Show(caption ?? $"{run.Preset.Name}, step {run.Trainer.Step}");
        return new Picture(view.Png ?? throw new ArgumentException($"{run.Preset.Name} shows its samples as a table, not a picture: display run.Show() instead.", nameof(run)), view.Caption);
    }

    /// <summary>The fixed-noise samples rendered during training, oldest first (every <paramref name="every"/>-th).</summary>
    public static PictureRow Snapshots(TrainingRun run, int every = 1) =>
        new(run.Snapshots.Where((_, index) => index % Math.Max(1, every) == 0 || index == run.Snapshots.Count - 1)
            .Select(snapshot => new Picture(snapshot.Png, $"step {snapshot.Step}", run.Data is ToyRunData ? 1 : 2)).ToList());
}
