using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>Serves shuffled minibatches from a tensor preloaded on the training device.</summary>
/// <remarks>Each pass draws a fresh permutation from the training generator, so the order is seeded and resumable;
/// the last incomplete batch of a pass is dropped so every batch has the same size (BatchNorm statistics).</remarks>
public sealed class MiniBatches : IDisposable
{
    private readonly Tensor examples;
    private readonly Tensor? labels;
    private readonly Generator generator;
    private Tensor? order;
    private long position;

    /// <summary>Moves <paramref name="source"/> to <paramref name="device"/> once; the copy is owned here.</summary>
    /// <remarks>Optional class labels [N] are served with their examples by <see cref="NextLabelled"/>.</remarks>
    public MiniBatches(Tensor source, int batchSize, Device device, Generator generator, Tensor? labels = null)
    {
        if (labels is not null && labels.shape[0] != source.shape[0])
            throw new ArgumentException($"{labels.shape[0]} labels for {source.shape[0]} examples.", nameof(labels));
        if (batchSize <= 0) throw new ArgumentException($"batchSize must be positive, got {batchSize}.", nameof(batchSize));
        if (source.shape[0] < batchSize)
            throw new ArgumentException($"batchSize {batchSize} is larger than the data set ({source.shape[0]} examples).", nameof(batchSize));
        // Owned by this object for its whole life, whatever dispose scope the caller has open.
        examples = source.to(device, copy: true).DetachFromDisposeScope();
        this.labels = labels?.to(device, copy: true).DetachFromDisposeScope();
        this.generator = generator;
        BatchSize = batchSize;
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Examples in the data set.</summary>
    public long Count => examples.shape[0];

    /// <summary>Position inside the current pass, for checkpoints.</summary>
    public (long[] Order, long Position) State => (order?.data<long>().ToArray() ?? Array.Empty<long>(), position);

    /// <summary>Restores a position saved by <see cref="State"/>.</summary>
    public void Restore(long[] savedOrder, long savedPosition)
    {
        order?.Dispose();
        order = savedOrder.Length == 0 ? null : tensor(savedOrder, ScalarType.Int64).DetachFromDisposeScope();
        position = savedPosition;
    }

    /// <summary>The next batch (a new tensor on the device; the caller disposes it or lets a dispose scope do so).</summary>
    public Tensor Next() => NextLabelled().Examples;

    /// <summary>The next batch with its labels (null when the batches were made without labels).</summary>
    public (Tensor Examples, Tensor? Labels) NextLabelled()
    {
        var count = examples.shape[0];
        if (order is null || position + BatchSize > count)
        {
            order?.Dispose();
            order = randperm(count, generator: generator).DetachFromDisposeScope();
            position = 0;
        }
        using var indices = order.narrow(0, position, BatchSize).to(examples.device);
        position += BatchSize;
        return (examples.index_select(0, indices), labels?.index_select(0, indices));
    }

    /// <summary>A Poisson batch (DP-SGD's sampling): every example joins independently with probability
    /// <paramref name="rate"/>, so the batch size varies around rate * Count. Drawn from the same seeded stream.</summary>
    public (Tensor Examples, Tensor? Labels) Poisson(double rate)
    {
        using var scope = NewDisposeScope();
        var chosen = nonzero(rand(new long[] { Count }, generator: generator).lt(rate)).flatten().to(examples.device);
        return (examples.index_select(0, chosen).MoveToOuterDisposeScope(), labels?.index_select(0, chosen).MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        order?.Dispose();
        examples.Dispose();
        labels?.Dispose();
    }
}
