using System.Runtime.InteropServices;
using TorchSharp;

namespace GanLab.Core;

/// <summary>
/// Makes TorchSharp's native libraries load on the host before any tensor is created. Called by every GanLab
/// entry point (seeding, devices, models, trainer); calling it again is free.
/// </summary>
/// <remarks>
/// Two host problems are handled here (see environment.md):
/// 1. libLibTorchSharp.so asks for GLIBCXX_3.4.32, missing on Debian 12 / Ubuntu 22.04: when the first load
///    fails for exactly that reason, the need is made weak in the file (atomically) and the load retried.
/// 2. A system libtorch (Debian's python3-torch / libtorch-dev) would be picked up by bare name inside some
///    hosts: libtorch's own libraries are loaded by full path first, so later by-name loads resolve to them.
/// </remarks>
public static class TorchRuntime
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();
    private static bool loaded;

    /// <summary>Loads the native backend or throws <see cref="TorchUnavailableException"/> with a fix.</summary>
    public static void EnsureLoaded()
    {
        if (loaded) return;
        lock (Gate)
        {
            if (loaded) return;
            if (OperatingSystem.IsLinux()) PreloadLinuxNatives();
            else PreloadNatives();
            try
            {
                // Forces TorchSharp's own loader; after the preload it binds to the libraries already in memory.
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception error) when (error is not TorchUnavailableException)
            {
                throw new TorchUnavailableException(
                    "TorchSharp could not load libtorch: " + FirstLine(error.Message) +
                    " Fix: build with a backend package (dotnet build; default -p:TorchBackend=cpu), see environment.md.", error);
            }
            loaded = true;
            NativeAllocator.KeepFreedMemory();
            if (Environment.GetEnvironmentVariable(OneDnnVariable) != "1") OneDnnEnabled = !TurnOffOneDnnAndNnpack();
        }
    }

    /// <summary>Environment variable: "1" lets libtorch use its oneDNN (mkldnn) CPU kernels, which GanLab turns off.</summary>
    public const string OneDnnVariable = "GANLAB_ONEDNN";

    /// <summary>False when GanLab turned libtorch's oneDNN CPU kernels off (the default where libtorch exports the switch).</summary>
    public static bool OneDnnEnabled { get; private set; } = true;

    // On this project's AVX-512 EPYC machines libtorch 2.10's oneDNN convolutions (1) gave one-example passes of the
    // GroupNorm DCGAN D a gradient of norm 11.3 where the batched per-example formulas give 18.0 (private training's
    // clipping depends on it), and (2) made a DCGAN run resumed from its checkpoint differ from the straight run in
    // g_loss at the sixth digit, breaking GanLab's byte-identical resume. With oneDNN off both agree, run after run, so
    // GanLab turns it off as PyTorch's torch.backends.mkldnn.enabled = False does: at::globalContext()
    // .setUserEnabledMkldnn(false), called through libtorch's exported C++ symbols (Itanium ABI, Linux). The price is
    // speed: ATen's own convolution kernels are slower for DCGAN (README, Performance). GANLAB_ONEDNN=1 opts back in.
    // NNPACK goes off too: without oneDNN, ATen tries NNPACK for convolutions, and on CPUs NNPACK does not support
    // (this EPYC) it logs "Could not initialize NNPACK! Reason: Unsupported hardware." on every call (6,616 lines in
    // the first minute of dp-dcgan-mnist) before falling back to the kernels it uses with NNPACK off.
    // Returns false where libtorch does not export the oneDNN switch (then both stay as libtorch set them).
    private static bool TurnOffOneDnnAndNnpack()
    {
        if (!OperatingSystem.IsLinux() || FindNativeFile("libtorch_cpu.so") is not { } path || !NativeLibrary.TryLoad(path, out var library)) return false;
        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var globalContext) ||
            !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var setOneDnn)) return false;
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(globalContext)();
        Marshal.GetDelegateForFunctionPointer<SetUserEnabled>(setOneDnn)(context, 0);
        if (NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out var setNnpack))
            Marshal.GetDelegateForFunctionPointer<SetUserEnabled>(setNnpack)(context, 0);
        return true;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUserEnabled(IntPtr context, byte enabled);

    /// <summary>True when this build's libtorch can use an NVIDIA GPU.</summary>
    public static bool CudaAvailable
    {
        get { EnsureLoaded(); return torch.cuda.is_available(); }
    }

    private static void PreloadLinuxNatives()
    {
        var shim = FindNativeFile("libLibTorchSharp.so");
        if (shim is null) return; // Let TorchSharp search; it reports its own error.
        var folder = Path.GetDirectoryName(shim)!;
        var libtorchFolder = File.Exists(Path.Combine(folder, "libtorch_cpu.so"))
            ? folder
            : FindNativeFile("libtorch_cpu.so") is { } cpu ? Path.GetDirectoryName(cpu)! : folder;
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = Path.Combine(libtorchFolder, name);
            if (File.Exists(path)) NativeLibrary.TryLoad(path, out _);
        }
        LoadShim(shim);
    }

    // Windows and macOS: libtorch and the shim from the build output (a notebook kernel does not look there by itself);
    // loaded by full path, so TorchSharp's later by-name loads find them in the process. Failures are left to
    // TorchSharp, which reports its own error.
    private static void PreloadNatives()
    {
        var (prefix, extension) = OperatingSystem.IsWindows() ? ("", ".dll") : ("lib", ".dylib");
        foreach (var name in new[] { "c10", "torch_cpu", "torch", "LibTorchSharp" })
            if (FindNativeFile(prefix + name + extension) is { } path) NativeLibrary.TryLoad(path, out _);
    }

    private static void LoadShim(string shim)
    {
        if (LoadError(shim) is not { } reason) return;
        if (reason.Contains(MissingVersion, StringComparison.Ordinal) && ElfVersionNeedPatch.HasStrongNeed(shim, MissingVersion))
        {
            try
            {
                ElfVersionNeedPatch.MarkWeak(shim, MissingVersion);
            }
            catch (UnauthorizedAccessException)
            {
                throw new TorchUnavailableException(
                    $"{shim} needs {MissingVersion}, which this system's libstdc++ lacks, and GanLab may not write the file " +
                    "to make that need optional. Fix: run once as a user who can write it, or install libstdc++6 from GCC 13 or newer.");
            }
            if (LoadError(shim) is not { } retried) return;
            reason = retried;
        }
        throw new TorchUnavailableException(
            $"TorchSharp's native library {shim} could not be loaded: {reason} " +
            "Fix: rebuild (dotnet build) so libtorch's files are copied next to GanLab, and see environment.md.");
    }

    // Loads the library; returns null on success, else the dynamic loader's reason.
    private static string? LoadError(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException error)
        {
            // .NET's first line is generic advice; the dynamic loader's own reason (dlerror) is the last line.
            var lines = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 0 ? lines[^1] : error.Message;
        }
    }

    // The runtime identifier of libtorch's native folder on this OS.
    private static string Rid => OperatingSystem.IsWindows() ? "win-x64" : OperatingSystem.IsMacOS() ? "osx-arm64" : "linux-x64";

    // Where the host will look: the app's folder (CLI, tests, lesson apps), GanLab's own build output (notebook
    // kernels load GanLab.dll from src/GanLab.Interactive/bin, which holds the libtorch of the backend it was built
    // with), or the NuGet cache.
    private static string? FindNativeFile(string fileName)
    {
        var baseFolder = AppContext.BaseDirectory;
        var torchFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? baseFolder;
        var ganLabFolder = Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location) ?? baseFolder;
        var candidates = new List<string>();
        foreach (var folder in new[] { baseFolder, ganLabFolder, torchFolder })
        {
            candidates.Add(Path.Combine(folder, "runtimes", Rid, "native", fileName));
            candidates.Add(Path.Combine(folder, fileName));
        }
        // NuGet layout: .../torchsharp/0.107.0/lib/net6.0/TorchSharp.dll next to .../libtorch-cpu-linux-x64/2.10.0/runtimes/...
        var packageRoot = Path.GetFullPath(Path.Combine(torchFolder, "..", "..", "..", ".."));
        candidates.Add(Path.Combine(torchFolder, "..", "..", "runtimes", Rid, "native", fileName));
        if (Directory.Exists(packageRoot))
        {
            foreach (var packageFolder in Directory.GetDirectories(packageRoot, "libtorch-*-" + Rid))
                candidates.AddRange(Directory.GetDirectories(packageFolder).Select(version => Path.Combine(version, "runtimes", Rid, "native", fileName)));
        }
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>The native libtorch backend cannot be used on this machine; the message says why and how to fix it.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that names the cause and the fix.</summary>
    public TorchUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
