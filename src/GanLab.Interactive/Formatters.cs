using System.Net;
using System.Text;
using GanLab.Experiments.DataKinds;
using GanLab.Training;
using GanLab.Viz;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace GanLab.Interactive;

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

/// <summary>How GanLab's values look in a notebook: pictures, charts, tables instead of object dumps.</summary>
public static class Formatters
{
    private static bool registered;

    /// <summary>Registers the HTML formatters (idempotent).</summary>
    public static void Register()
    {
        if (registered) return;
        Add<Html>(html => html.Content);
        Add<Picture>(picture => picture.ToHtml());
        Add<PictureRow>(row => row.ToHtml());
        Add<TextTable>(table => table.ToHtml());
        Add<SampleView>(ToHtml);
        Add<GenericChart>(ChartHtml.Render);
        Add<PlotlyFigure>(ChartHtml.Render);
        Add<TrainingHistory>(HistoryHtml);
        // A batch of images [N, C, H, W] shows as a grid; any other tensor keeps the default display.
        Formatter.Register<TorchSharp.torch.Tensor>((tensor, context) =>
        {
            if (!LooksLikeImages(tensor)) return false;
            using var shown = ToUnitRange(tensor);
            context.Writer.Write(new Picture(ImageGrid.ToPng(shown), $"{tensor.shape[0]} images {tensor.shape[2]}x{tensor.shape[3]}").ToHtml());
            return true;
        }, HtmlFormatter.MimeType);
        registered = true;
    }

    private static bool LooksLikeImages(TorchSharp.torch.Tensor tensor) =>
        tensor.dim() == 4 && tensor.shape[1] is 1 or 3 && tensor.shape[2] >= 8 && tensor.shape[3] >= 8 && tensor.is_floating_point();

    // Generator outputs in [-1, 1] (tanh) are mapped to [0, 1]; anything else is clamped.
    private static TorchSharp.torch.Tensor ToUnitRange(TorchSharp.torch.Tensor images)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var detached = images.detach().cpu();
        var shown = detached.min().item<float>() < 0 ? (detached + 1) / 2 : detached;
        return shown.clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>A training history as its charts: losses, D(x) and D(G(z)) and gradient norms where measured, step columns such as temperature.</summary>
    public static string HistoryHtml(TrainingHistory history)
    {
        if (history.Rows.Count == 0) return "<p>(no steps yet)</p>";
        var html = new StringBuilder(ChartHtml.Render(TrainingCharts.Losses(history)));
        if (TrainingCharts.Has(history, row => row.DiscriminatorReal)) html.Append(ChartHtml.Render(TrainingCharts.DiscriminatorOutputs(history)));
        if (TrainingCharts.Has(history, row => row.GeneratorGradientNorm)) html.Append(ChartHtml.Render(TrainingCharts.GradientNorms(history)));
        foreach (var column in history.ExtraColumns) html.Append(ChartHtml.Render(TrainingCharts.Column(history, column)));
        return html.ToString();
    }

    /// <summary>Samples as their kind shows them: a picture with its caption, or a table under it.</summary>
    public static string ToHtml(SampleView view) => view.Png is { } png
        ? new Picture(png, view.Caption).ToHtml()
        : $"<figure style=\"display:inline-block;margin:4px;font-family:sans-serif;font-size:12px\">{view.Table?.ToHtml()}<figcaption>{WebUtility.HtmlEncode(view.Caption)}</figcaption></figure>";

    private static void Add<T>(Func<T, string> toHtml)
    {
        Formatter.Register<T>((value, writer) => writer.Write(toHtml(value)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}
