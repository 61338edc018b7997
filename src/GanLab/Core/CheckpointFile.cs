using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Core;

/// <summary>
/// GanLab's checkpoint format: plain data only (never code): a JSON metadata block that names what kind of file it is,
/// named tensors with dtype and shape, opaque optimiser-state blobs, and a SHA-256 of everything before it so
/// truncation or damage is caught. Runs and cached classifiers use it, each with its own <see cref="Kind"/>.
/// </summary>
public sealed class CheckpointContent : IDisposable
{
    /// <summary>What the file holds ("run", "feature-classifier"); readers refuse other kinds by name.</summary>
    public required string Kind { get; init; }
    /// <summary>Version of that kind's layout; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = 1;
    /// <summary>The kind's own metadata (settings, step, history) besides kind and version.</summary>
    public JsonObject Metadata { get; init; } = new();
    /// <summary>Named CPU tensors (weights, buffers, noise, random state).</summary>
    public Dictionary<string, Tensor> Tensors { get; init; } = new();
    /// <summary>Named byte blobs (optimiser states).</summary>
    public Dictionary<string, byte[]> Blobs { get; init; } = new();
    /// <summary>The file it was read from (for messages), or empty.</summary>
    public string Path { get; init; } = "";

    /// <summary>Metadata entry <paramref name="key"/> as <typeparamref name="T"/>; a missing or unreadable entry is
    /// reported naming the file and the entry.</summary>
    public T Read<T>(string key) => Deserialize<T>(Metadata[key], $"entry '{key}'");

    /// <summary>The whole metadata as one <typeparamref name="T"/> (files whose metadata is one record).</summary>
    public T Read<T>() => Deserialize<T>(Metadata, "metadata");

    private T Deserialize<T>(JsonNode? node, string what)
    {
        try { return node is null ? throw new JsonException("missing") : node.Deserialize<T>(GanLabJson.Options) ?? throw new JsonException("null"); }
        catch (Exception error) when (error is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException($"{Path}: checkpoint {what} is unreadable ({error.Message}).", error);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
    }
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
            var metadata = new JsonObject { ["kind"] = content.Kind, ["formatVersion"] = content.FormatVersion };
            foreach (var (key, value) in content.Metadata) metadata[key] = value?.DeepClone();
            writer.Write(metadata.ToJsonString());
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

    /// <summary>Reads a checkpoint of <paramref name="kind"/> in <paramref name="formatVersion"/>, verifying magic, checksum,
    /// kind and version first. With <paramref name="expected"/> (the tensors the reader's model has, by name), every
    /// tensor's name, type and shape is checked against it before anything is allocated; without tensors
    /// (<paramref name="metadataOnly"/>) only the metadata and blobs are read.</summary>
    /// <exception cref="InvalidDataException">Not a GanLab checkpoint, truncated / damaged, another kind of GanLab file,
    /// another version of this kind, or content that does not fit; the message names the file and what was expected.</exception>
    public static CheckpointContent Read(string path, string kind, int formatVersion, IReadOnlyDictionary<string, (ScalarType Type, long[] Shape)>? expected = null, bool metadataOnly = false)
    {
        var content = Read(path, expected, metadataOnly);
        if (content.Kind != kind)
        {
            content.Dispose();
            throw new InvalidDataException($"{path} is a GanLab file of kind '{content.Kind}', not a {kind} checkpoint.");
        }
        if (content.FormatVersion != formatVersion)
        {
            content.Dispose();
            throw new InvalidDataException($"{path}: {kind} checkpoint format {content.FormatVersion}; this GanLab reads format {formatVersion} (train the run again).");
        }
        return content;
    }

    /// <summary>Reads a checkpoint of any kind, verifying magic and checksum first (see the overload with a kind).</summary>
    /// <exception cref="InvalidDataException">Not a GanLab checkpoint, or truncated / damaged; the message names the file.</exception>
    public static CheckpointContent Read(string path, IReadOnlyDictionary<string, (ScalarType Type, long[] Shape)>? expected = null, bool metadataOnly = false)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        var file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length + HashLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a GanLab checkpoint (expected it to start with 'GLCKPT01').");
        var body = file.AsSpan(0, file.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(file.AsSpan(file.Length - HashLength)))
            throw new InvalidDataException($"{path}: checkpoint is truncated or damaged (checksum mismatch); use an earlier checkpoint or train again.");
        var stream = new MemoryStream(file, 0, body.Length);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        CheckpointContent? content = null;
        try
        {
            var (kind, version, metadata) = ParseMetadata(path, reader.ReadString());
            content = new CheckpointContent { Kind = kind, FormatVersion = version, Metadata = metadata, Path = path };
            var tensorCount = reader.ReadInt32();
            if (tensorCount < 0) throw new InvalidDataException($"{path}: the checkpoint claims {tensorCount} tensors.");
            var problems = new List<string>();
            var seen = new HashSet<string>();
            for (var index = 0; index < tensorCount; index++)
            {
                var (name, type, shape, length) = TensorHeader(path, reader, stream.Length - stream.Position);
                seen.Add(name);
                var problem = expected is null ? null : Mismatch(expected, name, type, shape);
                if (problem is not null) problems.Add(problem);
                if (metadataOnly || problem is not null) { stream.Seek(length, SeekOrigin.Current); continue; }
                // Only now, with type, shape and length known to fit, is memory allocated.
                var value = empty(shape, type);
                value.bytes = reader.ReadBytes((int)length);
                content.Tensors[name] = value;
            }
            // What the model misses first: that says most about which model the file belongs to.
            if (expected is not null) problems.InsertRange(0, expected.Keys.Where(name => !seen.Contains(name)).Select(name => $"'{name}' is missing"));
            if (problems.Count > 0)
                throw new InvalidDataException($"{path}: checkpoint does not match this model: {string.Join("; ", problems.Take(5))}" +
                                               (problems.Count > 5 ? $" (and {problems.Count - 5} more)." : "."));
            var blobCount = reader.ReadInt32();
            for (var index = 0; index < blobCount; index++)
            {
                var name = reader.ReadString();
                var length = reader.ReadInt32();
                if (length < 0 || length > stream.Length - stream.Position)
                    throw new InvalidDataException($"{path}: blob '{name}' claims {length} bytes; the file holds {stream.Length - stream.Position} more.");
                content.Blobs[name] = reader.ReadBytes(length);
            }
            return content;
        }
        catch (Exception error) when (error is EndOfStreamException or ArgumentException or OverflowException or InvalidDataException)
        {
            content?.Dispose();
            throw error as InvalidDataException ?? new InvalidDataException($"{path}: checkpoint structure is damaged ({error.Message}).", error);
        }
    }

    // One tensor's header, checked before its bytes are read: a known element type, non-negative dimensions whose
    // product times the element size is the stated length, and a length the file actually holds.
    private static (string Name, ScalarType Type, long[] Shape, long Length) TensorHeader(string path, BinaryReader reader, long remaining)
    {
        var name = reader.ReadString();
        var code = reader.ReadInt32();
        if (!ElementSizes.TryGetValue((ScalarType)code, out var size))
            throw new InvalidDataException($"{path}: tensor '{name}' has element type code {code}, which GanLab does not write.");
        var type = (ScalarType)code;
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 16) throw new InvalidDataException($"{path}: tensor '{name}' claims {rank} dimensions.");
        var shape = new long[rank];
        for (var dimension = 0; dimension < rank; dimension++) shape[dimension] = reader.ReadInt64();
        var length = reader.ReadInt64();
        long count = 1;
        foreach (var extent in shape)
        {
            if (extent < 0) throw new InvalidDataException($"{path}: tensor '{name}' has a negative dimension [{string.Join(", ", shape)}].");
            count = checked(count * extent);
        }
        if (checked(count * size) != length || length > remaining || length > int.MaxValue)
            throw new InvalidDataException($"{path}: tensor '{name}' of shape [{string.Join(", ", shape)}] and type {type} would need {count * size} bytes; the file states {length} and holds {remaining}.");
        return (name, type, shape, length);
    }

    // What is wrong with a tensor the reader's model does not have in this name, shape or type (null = it fits).
    private static string? Mismatch(IReadOnlyDictionary<string, (ScalarType Type, long[] Shape)> expected, string name, ScalarType type, long[] shape)
    {
        if (!expected.TryGetValue(name, out var wanted)) return $"'{name}' is not part of this model";
        if (!wanted.Shape.SequenceEqual(shape)) return $"'{name}' has shape [{string.Join(", ", shape)}], the model expects [{string.Join(", ", wanted.Shape)}]";
        return wanted.Type != type ? $"'{name}' is {type}, the model expects {wanted.Type}" : null;
    }

    private static readonly Dictionary<ScalarType, int> ElementSizes = new()
    {
        [ScalarType.Byte] = 1, [ScalarType.Int8] = 1, [ScalarType.Bool] = 1, [ScalarType.Int16] = 2, [ScalarType.Float16] = 2, [ScalarType.BFloat16] = 2,
        [ScalarType.Int32] = 4, [ScalarType.Float32] = 4, [ScalarType.Int64] = 8, [ScalarType.Float64] = 8,
    };

    // Files written before kinds existed (GanLab's first run format) have no "kind": they are reported as such.
    private static (string Kind, int Version, JsonObject Metadata) ParseMetadata(string path, string text)
    {
        JsonObject metadata;
        try { metadata = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException error) { throw new InvalidDataException($"{path}: checkpoint metadata is not JSON ({error.Message}).", error); }
        var kind = metadata["kind"] is JsonValue kindValue && kindValue.TryGetValue<string>(out var name) ? name
            : metadata.ContainsKey("trainer") ? "run (GanLab 0.1 format)" : "unknown";
        var version = metadata["formatVersion"] is JsonValue versionValue && versionValue.TryGetValue<int>(out var number) ? number : 0;
        metadata.Remove("kind");
        metadata.Remove("formatVersion");
        return (kind, version, metadata);
    }
}
