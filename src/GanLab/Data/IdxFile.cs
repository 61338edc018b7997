using System.IO.Compression;

namespace GanLab.Data;

/// <summary>The content of an IDX file (the format MNIST and Fashion-MNIST are distributed in): dimensions and unsigned bytes.</summary>
/// <param name="Dimensions">Sizes of each dimension, outermost first (e.g. 60000, 28, 28).</param>
/// <param name="Values">Row-major unsigned byte values; length = product of the dimensions.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Values);

/// <summary>Reads IDX files, raw or gzip-compressed, and rejects anything corrupt with a message naming the file.</summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes; gzip is detected from the content, not the name.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, or not IDX of unsigned bytes.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        byte[] content;
        try
        {
            content = Decompress(File.ReadAllBytes(path));
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{path}: the gzip stream is damaged ({error.Message}).", error);
        }
        return Parse(content, path);
    }

    /// <summary>Parses IDX bytes; <paramref name="name"/> appears in error messages.</summary>
    public static IdxArray Parse(byte[] content, string name)
    {
        if (content.Length < 4)
            throw new InvalidDataException($"{name}: too short for an IDX header ({content.Length} bytes; expected at least 4).");
        if (content[0] != 0 || content[1] != 0)
            throw new InvalidDataException($"{name}: bad magic number 0x{content[0]:X2}{content[1]:X2}{content[2]:X2}{content[3]:X2}; an IDX file starts with two zero bytes.");
        if (content[2] != UnsignedByteType)
            throw new InvalidDataException($"{name}: element type 0x{content[2]:X2} is not supported; GanLab reads IDX files of unsigned bytes (0x08).");
        int dimensionCount = content[3];
        if (dimensionCount is < 1 or > 4)
            throw new InvalidDataException($"{name}: {dimensionCount} dimensions in the header; expected 1 to 4.");
        var headerLength = 4 + 4 * dimensionCount;
        if (content.Length < headerLength)
            throw new InvalidDataException($"{name}: truncated header ({content.Length} bytes; {dimensionCount} dimensions need {headerLength}).");
        var dimensions = new int[dimensionCount];
        long expected = 1;
        for (var index = 0; index < dimensionCount; index++)
        {
            var offset = 4 + 4 * index;
            var size = (content[offset] << 24) | (content[offset + 1] << 16) | (content[offset + 2] << 8) | content[offset + 3];
            if (size <= 0) throw new InvalidDataException($"{name}: dimension {index} has size {size}; expected a positive size.");
            dimensions[index] = size;
            expected *= size;
        }
        var actual = (long)content.Length - headerLength;
        if (actual != expected)
            throw new InvalidDataException(actual < expected
                ? $"{name}: truncated: the header promises {expected} values ({string.Join("x", dimensions)}) but only {actual} follow."
                : $"{name}: {actual - expected} bytes of trailing data after the {expected} values the header promises ({string.Join("x", dimensions)}).");
        return new IdxArray(dimensions, content[headerLength..]);
    }

    private static byte[] Decompress(byte[] raw)
    {
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
