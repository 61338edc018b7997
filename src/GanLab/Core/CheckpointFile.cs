using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// GanLab's checkpoint format: plain data only (never code): a JSON metadata block, named tensors with dtype and
/// shape, opaque optimiser-state blobs, and a SHA-256 of everything before it so truncation or damage is caught.
/// </summary>
public sealed class CheckpointContent
{
    /// <summary>Metadata (config, step, history) as JSON.</summary>
    public string Metadata { get; init; } = "{}";
    /// <summary>Named CPU tensors (weights, buffers, noise, random state).</summary>
    public Dictionary<string, Tensor> Tensors { get; init; } = new();
    /// <summary>Named byte blobs (optimiser states).</summary>
    public Dictionary<string, byte[]> Blobs { get; init; } = new();
}

/// <summary>Reads and writes <see cref="CheckpointContent"/>; writing is atomic (temporary file, then rename).</summary>
public static class CheckpointFile
{
    private static readonly byte[] Magic = "GLCKPT01"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, CheckpointContent content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(content.Metadata);
            writer.Write(content.Tensors.Count);
            foreach (var (name, value) in content.Tensors)
            {
                using var cpu = value.detach().cpu().contiguous();
                writer.Write(name);
                writer.Write((int)cpu.dtype);
                writer.Write(cpu.shape.Length);
                foreach (var size in cpu.shape) writer.Write(size);
                var bytes = cpu.bytes;
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
            writer.Write(content.Blobs.Count);
            foreach (var (name, blob) in content.Blobs)
            {
                writer.Write(name);
                writer.Write(blob.Length);
                writer.Write(blob);
            }
        }
        var body = buffer.ToArray();
        var file = new byte[body.Length + HashLength];
        body.CopyTo(file, 0);
        SHA256.HashData(body).CopyTo(file, body.Length);
        Core.AtomicFile.WriteAllBytes(path, file);
    }

    /// <summary>Reads a checkpoint, verifying magic and checksum first.</summary>
    /// <exception cref="InvalidDataException">Not a GanLab checkpoint, or truncated / damaged; the message names the file.</exception>
    public static CheckpointContent Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        var file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length + HashLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a GanLab checkpoint (expected it to start with 'GLCKPT01').");
        var body = file.AsSpan(0, file.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(file.AsSpan(file.Length - HashLength)))
            throw new InvalidDataException($"{path}: checkpoint is truncated or damaged (checksum mismatch); use an earlier checkpoint or train again.");
        using var reader = new BinaryReader(new MemoryStream(file, 0, body.Length), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        try
        {
            var content = new CheckpointContent { Metadata = reader.ReadString() };
            var tensorCount = reader.ReadInt32();
            for (var index = 0; index < tensorCount; index++)
            {
                var name = reader.ReadString();
                var dtype = (ScalarType)reader.ReadInt32();
                var shape = new long[reader.ReadInt32()];
                for (var dimension = 0; dimension < shape.Length; dimension++) shape[dimension] = reader.ReadInt64();
                var bytes = reader.ReadBytes(checked((int)reader.ReadInt64()));
                var value = empty(shape, dtype);
                value.bytes = bytes;
                content.Tensors[name] = value;
            }
            var blobCount = reader.ReadInt32();
            for (var index = 0; index < blobCount; index++)
            {
                var name = reader.ReadString();
                content.Blobs[name] = reader.ReadBytes(reader.ReadInt32());
            }
            return content;
        }
        catch (Exception error) when (error is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{path}: checkpoint structure is damaged ({error.Message}).", error);
        }
    }
}
