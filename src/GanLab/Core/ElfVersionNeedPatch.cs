using System.Buffers.Binary;
using System.Text;

namespace GanLab.Core;

/// <summary>
/// Marks one "version needed" entry of an ELF64 shared library as weak (VER_FLG_WEAK), so the dynamic
/// loader accepts a host whose library lacks that symbol version.
/// </summary>
/// <remarks>
/// Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13 and records a need for
/// GLIBCXX_3.4.32, which Debian 12 and Ubuntu 22.04 do not have. The only symbol bound to that version
/// (std::ios_base_library_init) is never relocated, so a weak need is safe. The file is rewritten through
/// a temporary file and a rename: a crash leaves either the old or the new file, never half of one.
/// </remarks>
public static class ElfVersionNeedPatch
{
    private const uint SectionTypeVersionNeed = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort WeakFlag = 0x2;                     // VER_FLG_WEAK

    /// <summary>Result of <see cref="MarkWeak"/>.</summary>
    public enum Outcome
    {
        /// <summary>The library does not ask for that version at all.</summary>
        NotNeeded,
        /// <summary>The need was already weak; the file was not touched.</summary>
        AlreadyWeak,
        /// <summary>The need was made weak and the file replaced atomically.</summary>
        Patched,
    }

    /// <summary>Makes the need for <paramref name="versionName"/> (e.g. GLIBCXX_3.4.32) weak in the file.</summary>
    /// <exception cref="InvalidDataException">The file is not a little-endian ELF64 library.</exception>
    public static Outcome MarkWeak(string libraryPath, string versionName)
    {
        var bytes = File.ReadAllBytes(libraryPath);
        var flagOffset = FindVersionFlagOffset(bytes, versionName, libraryPath);
        if (flagOffset < 0) return Outcome.NotNeeded;
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(flagOffset));
        if ((flags & WeakFlag) != 0) return Outcome.AlreadyWeak;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(flagOffset), (ushort)(flags | WeakFlag));
        AtomicFile.WriteAllBytes(libraryPath, bytes);
        return Outcome.Patched;
    }

    /// <summary>True when the file records a need for <paramref name="versionName"/> that is not weak.</summary>
    public static bool HasStrongNeed(string libraryPath, string versionName)
    {
        var bytes = File.ReadAllBytes(libraryPath);
        var flagOffset = FindVersionFlagOffset(bytes, versionName, libraryPath);
        return flagOffset >= 0 && (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(flagOffset)) & WeakFlag) == 0;
    }

    // Returns the file offset of vna_flags for the named version, or -1 when no entry names it.
    private static int FindVersionFlagOffset(byte[] file, string versionName, string path)
    {
        var span = file.AsSpan();
        if (file.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file");
        if (span[4] != 2 || span[5] != 1)
            throw new InvalidDataException($"{path}: only little-endian ELF64 libraries are supported");
        var sectionTableOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        var sectionEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (var index = 0; index < sectionCount; index++)
        {
            var header = span.Slice(sectionTableOffset + index * sectionEntrySize, sectionEntrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeVersionNeed) continue;
            var needOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            var stringSectionIndex = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var needCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            var stringHeader = span.Slice(sectionTableOffset + stringSectionIndex * sectionEntrySize, sectionEntrySize);
            var stringsOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(stringHeader[24..]));
            return ScanNeeds(span, needOffset, needCount, stringsOffset, versionName);
        }
        return -1;
    }

    private static int ScanNeeds(ReadOnlySpan<byte> file, int needOffset, int needCount, int stringsOffset, string versionName)
    {
        for (var need = 0; need < needCount; need++)
        {
            var auxiliaryCount = BinaryPrimitives.ReadUInt16LittleEndian(file[(needOffset + 2)..]);
            var auxiliaryOffset = needOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(needOffset + 8)..]);
            for (var auxiliary = 0; auxiliary < auxiliaryCount; auxiliary++)
            {
                var nameOffset = stringsOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(auxiliaryOffset + 8)..]);
                if (ReadCString(file, nameOffset) == versionName) return auxiliaryOffset + 4;
                auxiliaryOffset += (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(auxiliaryOffset + 12)..]);
            }
            needOffset += (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(needOffset + 12)..]);
        }
        return -1;
    }

    private static string ReadCString(ReadOnlySpan<byte> file, int offset)
    {
        var length = file[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(file.Slice(offset, length));
    }
}
