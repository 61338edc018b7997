using System.Reflection;
using System.Runtime.Loader;
using GanLab.Lessons;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanLab.Interactive;

/// <summary>GanLab inside the .NET Interactive kernel: the setup every notebook runs first (from
/// notebooks/ganlab-setup.dib), a thin host over GanLab.Lessons' display abstraction.</summary>
public static class Kernel
{
    private static bool prepared;

    /// <summary>Loads libtorch, makes GanLab's values display as pictures, charts and tables, sends plotly.js to the page
    /// once, picks device and seed, and reports which cell runs to `ganlab run`.</summary>
    public static NotebookSession Setup(long seed = 1, string? device = null)
    {
        UseLoadedFSharpCore();
        var session = NotebookSession.Create(seed, device);
        if (!prepared)
        {
            foreach (var type in new[] { typeof(GanLab.Lessons.Html), typeof(Picture), typeof(PictureRow), typeof(Viz.TextTable), typeof(Plotly.NET.GenericChart),
                         typeof(Viz.PlotlyFigure), typeof(Experiments.DataKinds.SampleView), typeof(Training.TrainingHistory) })
            {
                Formatter.Register(type, (value, writer) => writer.Write(DisplayHtml.Of(value)), HtmlFormatter.MimeType);
                Formatter.SetPreferredMimeTypesFor(type, HtmlFormatter.MimeType);
            }
            // A batch of images [N, C, H, W] shows as a grid; any other tensor keeps the default display.
            Formatter.Register<TorchSharp.torch.Tensor>((tensor, context) =>
            {
                if (DisplayHtml.Of(tensor) is not { } html) return false;
                context.Writer.Write(html);
                return true;
            }, HtmlFormatter.MimeType);
            Notebook.Host = new KernelHost();
            CellProgress.Start();
            prepared = true;
            KernelInvocationContext.Current?.DisplayAs(DisplayHtml.SetupSummary(session), HtmlFormatter.MimeType);
        }
        return session;
    }

    // Plotly.NET 6 is compiled against FSharp.Core 10.1; notebook kernels ship 10.0 and load it first. The APIs
    // Plotly.NET uses exist in both, so the already loaded FSharp.Core is handed over instead of failing.
    private static void UseLoadedFSharpCore()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveFSharpCore;
        AssemblyLoadContext.Default.Resolving += ResolveFSharpCore;
    }

    private static Assembly? ResolveFSharpCore(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "FSharp.Core"
            ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(assembly => assembly.GetName().Name == "FSharp.Core")
            : null;

    private sealed class KernelHost : IDisplayHost
    {
        public DisplayHandle Show(object value) => new KernelHandle(KernelInvocationContext.Current?.Display(value, HtmlFormatter.MimeType));
    }

    private sealed class KernelHandle(DisplayedValue? displayed) : DisplayHandle
    {
        public override void Update(object value) => displayed?.Update(value);
    }
}
