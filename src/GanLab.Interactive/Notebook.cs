using System.Reflection;
using System.Runtime.Loader;
using GanLab.Core;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace GanLab.Interactive;

/// <summary>What the setup cell established: device, seed, and whether this is a quick smoke run.</summary>
/// <param name="Device">The torch device notebooks train on.</param>
/// <param name="DeviceName">"cpu" or "cuda".</param>
/// <param name="Seed">The seed every experiment in the notebook starts from.</param>
/// <param name="Smoke">True under `ganlab run --smoke`: notebooks shrink their step counts to finish in about a minute.</param>
public sealed record NotebookSession(torch.Device Device, string DeviceName, long Seed, bool Smoke)
{
    /// <summary>Picks the full value for a real run, the small one for a smoke run.</summary>
    public int Steps(int full, int smoke) => Smoke ? smoke : full;
}

/// <summary>The one setup every GanLab notebook runs first (from notebooks/ganlab-setup.dib).</summary>
public static class Notebook
{
    private static bool plotlySent;

    /// <summary>Loads libtorch, registers GanLab's formatters, sends plotly.js to the page once, picks device and seed.</summary>
    public static NotebookSession Setup(long seed = 1, string? device = null)
    {
        UseLoadedFSharpCore();
        TorchRuntime.EnsureLoaded();
        Formatters.Register();
        var deviceName = device ?? Environment.GetEnvironmentVariable(HostConventions.DeviceVariable) ?? "cpu";
        var session = new NotebookSession(Devices.Parse(deviceName), deviceName, seed,
            HostConventions.SmokeRequested);
        Seeding.SeedEverything(seed).Dispose();
        if (!plotlySent && KernelInvocationContext.Current is { } context)
        {
            // Charts must work without internet, so plotly.js travels in this first output instead of from a CDN.
            context.DisplayAs(ChartHtml.PlotlyScriptElement() + Summary(session), HtmlFormatter.MimeType);
            plotlySent = true;
        }
        return session;
    }

    /// <summary>Shows a value in the current cell now (not only as the cell's result); returns its handle for updates.</summary>
    public static DisplayedValue? Show(object value) =>
        KernelInvocationContext.Current is { } context ? context.Display(value, HtmlFormatter.MimeType) : null;

    private static string Summary(NotebookSession session) =>
        $"<p style=\"font-family:sans-serif\">GanLab ready: TorchSharp {typeof(torch).Assembly.GetName().Version}, device <b>{session.DeviceName}</b>, " +
        $"seed {session.Seed}, {torch.get_num_threads()} threads{(session.Smoke ? ", <b>smoke run</b> (few steps)" : "")}.</p>";

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
}
