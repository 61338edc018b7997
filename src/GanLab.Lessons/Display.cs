using System.Net;
using System.Text;
using GanLab.Core;
using GanLab.Experiments.DataKinds;
using GanLab.Training;
using GanLab.Viz;
using Plotly.NET;
using TorchSharp;

namespace GanLab.Lessons;

/// <summary>A place values are shown: the notebook kernel's cell output, or a lesson app's page.</summary>
public interface IDisplayHost
{
    /// <summary>Shows <paramref name="value"/> in the current cell now; returns a handle to replace it later.</summary>
    DisplayHandle Show(object value);
}

/// <summary>A shown value that can be replaced in place (live views).</summary>
public abstract class DisplayHandle
{
    /// <summary>Replaces the shown value with <paramref name="value"/>.</summary>
    public abstract void Update(object value);
}

/// <summary>What a lesson cell calls to show something, whichever host runs it (kernel or lesson app).</summary>
public static class Notebook
{
    /// <summary>The host in charge (set by the kernel's setup or by a lesson app); null = nowhere to show.</summary>
    public static IDisplayHost? Host { get; set; }

    /// <summary>Shows a value in the current cell now (not only as the cell's result); returns its handle for updates.</summary>
    public static DisplayHandle? Show(object value) => Host?.Show(value);
}

/// <summary>The one way GanLab values become HTML (pictures, charts, tables, samples, histories, image tensors); both
/// hosts use it, so a lesson shows the same outputs as a notebook.</summary>
public static class DisplayHtml
{
    /// <summary>The value as HTML, or null when GanLab has no picture of it (the host shows it its own way).</summary>
    public static string? Of(object? value) => value switch
    {
        Html html => html.Content,
        Picture picture => picture.ToHtml(),
        PictureRow row => row.ToHtml(),
        TextTable table => table.ToHtml(),
        GenericChart chart => ChartHtml.Render(chart),
        PlotlyFigure figure => ChartHtml.Render(figure),
        SampleView view => Samples(view),
        TrainingHistory history => History(history),
        torch.Tensor tensor when LooksLikeImages(tensor) => Images(tensor),
        _ => null,
    };

    /// <summary>The value as a host without GanLab's formatters would show it: HTML where GanLab has a picture,
    /// otherwise its text in a pre block.</summary>
    public static string OrText(object? value) => Of(value) ?? $"<pre class=\"text\">{WebUtility.HtmlEncode(value?.ToString() ?? "null")}</pre>";

    /// <summary>Samples as their kind shows them: a picture with its caption, or a table under it.</summary>
    public static string Samples(SampleView view) => (view.Png is { } png
        ? new Picture(png, view.Caption).ToHtml()
        : $"<figure style=\"display:inline-block;margin:4px;font-family:sans-serif;font-size:12px\">{view.Table?.ToHtml()}<figcaption>{WebUtility.HtmlEncode(view.Caption)}</figcaption></figure>")
        + (view.Sounds.Count > 0 ? SoundPlayers.ToHtml(view.Sounds) : "");

    /// <summary>A training history as its charts: losses, D(x) and D(G(z)) and gradient norms where measured, step columns such as temperature.</summary>
    public static string History(TrainingHistory history)
    {
        if (history.Rows.Count == 0) return "<p>(no steps yet)</p>";
        var html = new StringBuilder(ChartHtml.Render(TrainingCharts.Losses(history)));
        if (TrainingCharts.Has(history, row => row.DiscriminatorReal)) html.Append(ChartHtml.Render(TrainingCharts.DiscriminatorOutputs(history)));
        if (TrainingCharts.Has(history, row => row.GeneratorGradientNorm)) html.Append(ChartHtml.Render(TrainingCharts.GradientNorms(history)));
        foreach (var column in history.ExtraColumns) html.Append(ChartHtml.Render(TrainingCharts.Column(history, column)));
        return html.ToString();
    }

    /// <summary>True for a batch of images [N, C, H, W] (C = 1 or 3, at least 8 x 8); other tensors keep the host's display.</summary>
    public static bool LooksLikeImages(torch.Tensor tensor) =>
        tensor.dim() == 4 && tensor.shape[1] is 1 or 3 && tensor.shape[2] >= 8 && tensor.shape[3] >= 8 && tensor.is_floating_point();

    // Generator outputs in [-1, 1] (tanh) are mapped to [0, 1]; anything else is clamped.
    private static string Images(torch.Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var detached = images.detach().cpu();
        var shown = (detached.min().item<float>() < 0 ? (detached + 1) / 2 : detached).clamp(0, 1);
        return new Picture(ImageGrid.ToPng(shown), $"{images.shape[0]} images {images.shape[2]}x{images.shape[3]}").ToHtml();
    }

    /// <summary>The first output of every lesson: plotly.js (charts must work offline, so it travels in the page) and
    /// what the session runs with.</summary>
    public static string SetupSummary(NotebookSession session) =>
        ChartHtml.PlotlyScriptElement() +
        $"<p style=\"font-family:sans-serif\">GanLab ready: TorchSharp {typeof(torch).Assembly.GetName().Version}, device <b>{session.DeviceName}</b>, " +
        $"seed {session.Seed}, {torch.get_num_threads()} threads{(session.Smoke ? ", <b>smoke run</b> (few steps)" : "")}.</p>";
}

/// <summary>Raw HTML to display as is.</summary>
/// <param name="Content">The markup.</param>
public sealed record Html(string Content);

/// <summary>A PNG to show inline, with a caption under it.</summary>
/// <param name="Png">The encoded image.</param>
/// <param name="Caption">Text under the image (may be empty).</param>
/// <param name="Zoom">Display scale (pixels stay sharp).</param>
public sealed record Picture(byte[] Png, string Caption = "", int Zoom = 1)
{
    /// <summary>An img element with the PNG inline (no files, works in saved notebooks).</summary>
    public string ToHtml() =>
        $"<figure style=\"display:inline-block;margin:4px;font-family:sans-serif;font-size:12px\"><img style=\"image-rendering:pixelated{Width()}\" alt=\"{WebUtility.HtmlEncode(Caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"/>" +
        (Caption.Length > 0 ? $"<figcaption>{WebUtility.HtmlEncode(Caption)}</figcaption>" : "") + "</figure>";

    // A PNG's width is the big-endian integer at bytes 16-19 (the IHDR chunk).
    private string Width() => Zoom <= 1 || Png.Length < 24 ? "" : $";width:{Zoom * ((Png[16] << 24) | (Png[17] << 16) | (Png[18] << 8) | Png[19])}px";
}

/// <summary>Several pictures side by side.</summary>
/// <param name="Items">The pictures, left to right.</param>
public sealed record PictureRow(IReadOnlyList<Picture> Items)
{
    /// <summary>The pictures in one wrapping row.</summary>
    public string ToHtml() => "<div>" + string.Concat(Items.Select(item => item.ToHtml())) + "</div>";
}

/// <summary>What a lesson's setup established: device, seed, and whether this is a quick smoke run.</summary>
/// <param name="Device">The torch device lessons train on.</param>
/// <param name="DeviceName">"cpu" or "cuda".</param>
/// <param name="Seed">The seed every experiment in the lesson starts from.</param>
/// <param name="Smoke">True under `ganlab run --smoke` or GANLAB_SMOKE=1: lessons shrink their step counts to finish in about a minute.</param>
public sealed record NotebookSession(torch.Device Device, string DeviceName, long Seed, bool Smoke)
{
    /// <summary>Picks the full value for a real run, the small one for a smoke run.</summary>
    public int Steps(int full, int smoke) => Smoke ? smoke : full;

    /// <summary>Loads libtorch, picks the device (GANLAB_DEVICE, default cpu), reads the smoke switch and seeds.</summary>
    public static NotebookSession Create(long seed = 1, string? device = null)
    {
        TorchRuntime.EnsureLoaded();
        var deviceName = device ?? Environment.GetEnvironmentVariable(HostConventions.DeviceVariable) ?? "cpu";
        var session = new NotebookSession(Devices.Parse(deviceName), deviceName, seed, HostConventions.SmokeRequested);
        Seeding.SeedEverything(seed).Dispose();
        return session;
    }
}
