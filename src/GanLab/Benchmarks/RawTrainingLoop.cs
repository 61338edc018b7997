using GanLab.Core;
using GanLab.Models;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Benchmarks;

/// <summary>
/// The floor GanLab's trainer is measured against: the shortest TorchSharp loop that does the same work per step as
/// <see cref="Training.Trainer"/> with the benchmark's settings (pytorch/examples' DCGAN step: BCE on logits,
/// non-saturating G, Adam, reading loss, D(x) and D(G(z)) every step), with nothing else around it.
/// </summary>
internal sealed class RawTrainingLoop : IDisposable
{
    private readonly GanModel model;
    private readonly Tensor data;
    private readonly int batchSize;
    private readonly Generator random;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private Tensor? order;
    private long position;

    public RawTrainingLoop(GanModel model, Tensor data, int batchSize, Generator random)
    {
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        this.random = random;
        generatorOptimizer = optim.Adam(model.Generator.parameters(), 2e-4, 0.5, 0.999);
        discriminatorOptimizer = optim.Adam(model.RequiredDiscriminator.parameters(), 2e-4, 0.5, 0.999);
    }

    /// <summary>The values a training script prints; read every step as the trainer does.</summary>
    public (float DiscriminatorLoss, float GeneratorLoss, float Real, float Fake) Last { get; private set; }

    public void Step()
    {
        using var scope = NewDisposeScope();
        var real = NextBatch();
        var noise = randn(new long[] { batchSize, model.LatentSize }, generator: random);
        Tensor fake;
        using (no_grad()) fake = model.Generator.call(noise);
        var realScores = model.RequiredDiscriminator.call(real);
        var fakeScores = model.RequiredDiscriminator.call(fake);
        var discriminatorLoss = HeldScalars.Softplus(-realScores).mean() + HeldScalars.Softplus(fakeScores).mean();
        discriminatorOptimizer.zero_grad();
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        var generated = model.Generator.call(randn(new long[] { batchSize, model.LatentSize }, generator: random));
        var generatorLoss = HeldScalars.Softplus(-model.RequiredDiscriminator.call(generated)).mean();
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        generatorOptimizer.step();

        Last = (discriminatorLoss.item<float>(), generatorLoss.item<float>(),
            realScores.sigmoid().mean().item<float>(), fakeScores.sigmoid().mean().item<float>());
    }

    private Tensor NextBatch()
    {
        var count = data.shape[0];
        if (order is null || position + batchSize > count)
        {
            order?.Dispose();
            order = randperm(count, generator: random).DetachFromDisposeScope();
            position = 0;
        }
        var indices = order.narrow(0, position, batchSize);
        position += batchSize;
        return data.index_select(0, indices);
    }

    public void Dispose()
    {
        order?.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
    }
}
