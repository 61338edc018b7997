using System.Runtime.InteropServices;
using GanLab.Core;

namespace GanLab.Tests.Core;

public class NativeAllocatorTests
{
    [Fact]
    public void Should_serve_large_native_blocks_from_the_heap_instead_of_fresh_mappings_once_torch_is_loaded()
    {
        // Given libtorch loaded by GanLab on Linux with glibc and no GLIBC_TUNABLES of the user's
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null)
        {
            TorchRuntime.EnsureLoaded();
            Assert.False(NativeAllocator.KeepsFreedMemory);
            return;
        }
        TorchRuntime.EnsureLoaded();
        Assert.True(NativeAllocator.KeepsFreedMemory);

        // When a 48 MB block is allocated with malloc (glibc maps anything over 32 MB by itself at its defaults)
        var mappedBefore = MappedBytes();
        var block = Marshal.AllocHGlobal(48 << 20);
        try
        {
            // Then it comes from the heap: the bytes glibc holds in mappings did not grow by the block
            Assert.True(MappedBytes() - mappedBefore < 48 << 20, $"mapped bytes grew from {mappedBefore} to {MappedBytes()}");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    // mallinfo2 (glibc 2.33+): ten size_t fields; the fifth, hblkhd, is the bytes in blocks glibc got from mmap.
    private static long MappedBytes()
    {
        var fields = MallocInfo();
        return (long)fields.MappedBytes;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallocStatistics MallocInfo();

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocStatistics
    {
        public readonly nuint Arena, OrdinaryBlocks, SmallBlocks, MappedBlocks, MappedBytes, UnusedMax, FreeSmall, Used, Free, Releasable;
    }
}
