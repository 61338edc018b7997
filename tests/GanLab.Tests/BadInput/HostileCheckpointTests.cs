using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GanLab.Core;
using GanLab.Experiments;

namespace GanLab.Tests.BadInput;

/// <summary>Checkpoints written by a hostile script: the checksum is valid, the content is not. Every field is checked
/// against the model and the plan before it is used; nothing is allocated that the model does not have.</summary>
public class HostileCheckpointTests
{
    // A checkpoint laid out as CheckpointFile writes it (magic, metadata, tensors, blobs), with a valid SHA-256.
    private static byte[] Checkpoint(string metadata, IEnumerable<(string Name, int Type, long[] Shape, long Length, byte[] Bytes)> tensors, int? tensorCount = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("GLCKPT01"u8.ToArray());
            writer.Write(metadata);
            var list = tensors.ToList();
            writer.Write(tensorCount ?? list.Count);
            foreach (var (name, type, shape, length, bytes) in list)
            {
                writer.Write(name);
                writer.Write(type);
                writer.Write(shape.Length);
                foreach (var extent in shape) writer.Write(extent);
                writer.Write(length);
                writer.Write(bytes);
            }
            writer.Write(0);
        }
        var body = buffer.ToArray();
        return body.Concat(SHA256.HashData(body)).ToArray();
    }

    private static string Run(TemporaryFolder folder) 
    {
        var run = folder.File("run");
        Assert.Equal(0, CliRunner.Run("train", "toy-ring", "--steps", "3", "--out", run).ExitCode);
        return run;
    }

    private static void RefusedInOneLine(string run, string expected)
    {
        var (exitCode, _, error) = CliRunner.Run("train", "--resume", run, "--steps", "1");
        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    // The metadata of the run's real checkpoint, changed by `change`, written back with a valid checksum.
    private static void Tamper(string run, Action<JsonObject> change)
    {
        var path = Path.Combine(run, TrainingRun.CheckpointRelativePath);
        using var content = CheckpointFile.Read(path);
        change(content.Metadata);
        CheckpointFile.Write(path, new CheckpointContent { Kind = content.Kind, FormatVersion = content.FormatVersion, Metadata = content.Metadata, Tensors = content.Tensors, Blobs = content.Blobs });
    }

    [Theory]
    [InlineData(99, new long[] { 2 }, 8L, "has element type code 99, which GanLab does not write")]
    [InlineData(6, new long[] { 1L << 40, 2 }, 16L, "would need 8796093022208 bytes; the file states 16")]
    [InlineData(6, new long[] { -4, 2 }, 16L, "has a negative dimension [-4, 2]")]
    [InlineData(6, new long[] { 4 }, 1L << 40, "would need 16 bytes; the file states 1099511627776")]
    public void Should_refuse_a_tensor_header_that_does_not_fit_before_allocating(int type, long[] shape, long length, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("hostile.ganlab");
        File.WriteAllBytes(path, Checkpoint("{\"kind\":\"run\",\"formatVersion\":2}", new[] { ("generator.weight", type, shape, length, new byte[16]) }));

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Should_refuse_a_negative_tensor_count_and_tensors_the_model_does_not_have()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("hostile.ganlab");
        File.WriteAllBytes(path, Checkpoint("{\"kind\":\"run\",\"formatVersion\":2}", Array.Empty<(string, int, long[], long, byte[])>(), tensorCount: -3));
        Assert.Contains("claims -3 tensors", Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path)).Message);

        // A consistent tensor (its bytes are in the file) that is not the model's is named, and the model's are missing
        File.WriteAllBytes(path, Checkpoint("{\"kind\":\"run\",\"formatVersion\":2}", new[] { ("stranger", 6, new long[] { 4 }, 16L, new byte[16]) }));
        var expected = new Dictionary<string, (TorchSharp.torch.ScalarType, long[])> { ["generator.weight"] = (TorchSharp.torch.ScalarType.Float32, new long[] { 2, 2 }) };
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Read(path, expected));
        Assert.Contains("'generator.weight' is missing; 'stranger' is not part of this model", error.Message);
    }

    [Fact]
    public void Should_refuse_a_run_checkpoint_with_a_tensor_header_that_does_not_fit()
    {
        using var folder = new TemporaryFolder();
        var run = Run(folder);
        var path = Path.Combine(run, TrainingRun.CheckpointRelativePath);
        using (var content = CheckpointFile.Read(path))
            File.WriteAllBytes(path, Checkpoint(new JsonObject { ["kind"] = "run", ["formatVersion"] = 2, ["trainer"] = content.Metadata["trainer"]!.DeepClone(), ["run"] = content.Metadata["run"]!.DeepClone() }.ToJsonString(),
                new[] { ("generator.layers.linear0.weight", 6, new long[] { 1L << 40, 2 }, 16L, new byte[16]) }));

        RefusedInOneLine(run, "would need 8796093022208 bytes; the file states 16");
    }

    public static TheoryData<string, string> BadMetadata => new()
    {
        { "order", "the checkpoint's data order has 5 entries for a data set of 65536 examples" },
        { "position", "the checkpoint's data position -7 is outside the data set" },
        { "step", "the checkpoint is at step -1, outside its plan" },
        { "rows", "the checkpoint's history has 3 rows for step 2" },
        { "missing", "checkpoint entry 'trainer' is unreadable" },
        { "field", "checkpoint entry 'trainer' is unreadable" },
        { "plan", "the checkpoint's plan is invalid (training.batchSize must be a positive number, got 0.)" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public void Should_refuse_metadata_that_does_not_fit_the_plan_or_the_data(string defect, string expected)
    {
        using var folder = new TemporaryFolder();
        var run = Run(folder);
        var checkpoint = Path.Combine(run, TrainingRun.CheckpointRelativePath);
        Tamper(run, metadata =>
        {
            var trainer = metadata["trainer"]!.AsObject();
            switch (defect)
            {
                case "order": trainer["batchOrder"] = new JsonArray(1, 2, 3, 4, 5); break;
                case "position": trainer["batchPosition"] = -7; break;
                case "step": trainer["step"] = -1; break;
                case "rows": trainer["step"] = 2; break;
                case "missing": metadata.Remove("trainer"); break;
                case "field": trainer.Remove("plan"); break;
                case "plan": trainer["plan"]!["batchSize"] = 0; break;
            }
        });
        var tampered = File.ReadAllBytes(checkpoint);

        RefusedInOneLine(run, expected);
        Assert.Equal(tampered, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void Should_refuse_metadata_that_is_not_json_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        var run = Run(folder);
        File.WriteAllBytes(Path.Combine(run, TrainingRun.CheckpointRelativePath), Checkpoint("{\"kind\": \"run\", \"trainer\": [", Array.Empty<(string, int, long[], long, byte[])>()));

        RefusedInOneLine(run, "checkpoint metadata is not JSON");
    }
}
