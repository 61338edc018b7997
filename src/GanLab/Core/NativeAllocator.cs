using System.Runtime.InteropServices;

namespace GanLab.Core;

/// <summary>
/// Tells glibc's allocator to keep the memory libtorch frees for the next step instead of handing it back to the
/// system at once (Linux; elsewhere, or without glibc, nothing changes).
/// </summary>
/// <remarks>
/// With oneDNN off (<see cref="TorchRuntime"/>), ATen's CPU convolutions unfold their input into buffers of tens of
/// megabytes (64 spectrograms of 128 x 64 with eleven input planes: about 90 MB) on every call. glibc serves blocks
/// that large with mmap and returns them with munmap, and trims the top of its heap when more than 128 KB is free, so
/// every step mapped fresh pages and paid a page fault for each: the class-conditional SpecGAN spent a third of its
/// time in the kernel and ran 0.29 steps/s; with both thresholds raised, 1.24 steps/s (`vmstat`, 45-second windows on
/// the 2-core machine, 2026-12-06). The same as GLIBC_TUNABLES=glibc.malloc.mmap_threshold=...:trim_threshold=...,
/// set from inside because the tests and the notebook kernel do not start through the ganlab script. The price: the
/// process keeps its peak of freed memory for reuse. Arithmetic is untouched (the same seeded runs give the same
/// history.csv bytes). A user's own GLIBC_TUNABLES are left alone.
/// </remarks>
public static class NativeAllocator
{
    // mallopt's parameter numbers (malloc.h).
    private const int TrimThreshold = -1;
    private const int MapThreshold = -3;

    /// <summary>True once glibc accepted both settings.</summary>
    public static bool KeepsFreedMemory { get; private set; }

    /// <summary>Raises glibc's mmap and trim thresholds to 2 GB (once; called by <see cref="TorchRuntime.EnsureLoaded"/>).</summary>
    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null) return;
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "mallopt", out var address)) return;
        var mallocOption = Marshal.GetDelegateForFunctionPointer<MallocOption>(address);
        KeepsFreedMemory = mallocOption(MapThreshold, int.MaxValue) == 1 & mallocOption(TrimThreshold, int.MaxValue) == 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MallocOption(int parameter, int value);
}
