using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>The value range of a generator's output and of the data it is trained on.</summary>
public enum SampleRange
{
    /// <summary>Pixels in [0, 1] (sigmoid output, as in the seed's Keras model).</summary>
    ZeroToOne,
    /// <summary>Pixels in [-1, 1] (tanh output, as in DCGAN).</summary>
    MinusOneToOne,
    /// <summary>Unbounded coordinates (2-D toy data).</summary>
    Unbounded,
}

/// <summary>A model family's settings; <see cref="Build"/> makes fresh, randomly initialised networks.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "family")]
[JsonDerivedType(typeof(MlpGanConfig), "mlp")]
[JsonDerivedType(typeof(DcganConfig), "dcgan")]
[JsonDerivedType(typeof(ResidualGanConfig), "residual")]
[JsonDerivedType(typeof(ToyGanConfig), "toy")]
[JsonDerivedType(typeof(SpecGanConfig), "specgan")]
[JsonDerivedType(typeof(WaveGanConfig), "wavegan")]
[JsonDerivedType(typeof(Text.GumbelTextGanConfig), "text-gru")]
[JsonDerivedType(typeof(Text.LstmTextGanConfig), "text-lstm")]
public abstract record ModelConfig
{
    /// <summary>Size of the noise vector z (nz in the DCGAN paper).</summary>
    [JsonPropertyOrder(-1)] public int LatentSize { get; init; } = 100;

    /// <summary>Decay of an exponential moving average of G's weights (Karras et al. 2018; Yazici et al. 2019), kept
    /// beside G and used for samples, reports and `eval`; 0 = none. 0.999 averages over about the last 1,000 steps.</summary>
    [JsonPropertyOrder(90)] public double GeneratorAverage { get; init; }
    /// <summary>Spectral normalisation (Miyato et al. 2018) of D's convolution and linear layers, for the families
    /// whose D offers it (<see cref="SupportsSpectralNorm"/>).</summary>
    [JsonPropertyOrder(91)] public bool SpectralNorm { get; init; }

    /// <summary>True when this family's D can be spectrally normalised.</summary>
    protected virtual bool SupportsSpectralNorm => false;

    /// <summary>A number the training batch must be a multiple of, and the field that sets it (D groups examples:
    /// PacGAN packs, minibatch-deviation groups); null when any batch size works.</summary>
    [JsonIgnore] public virtual (int Multiple, string Field)? BatchMultiple => null;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public virtual void Validate()
    {
        Core.Guard.Positive(LatentSize, "latentSize");
        Core.Guard.InRange(GeneratorAverage, 0, 0.999999, "generatorAverage");
        if (SpectralNorm && !SupportsSpectralNorm) throw new ArgumentException($"spectralNorm: the {GetType().Name.Replace("Config", "")} family's D has no spectral-norm option.", "spectralNorm");
    }

    /// <summary>Builds the generator and discriminator on the CPU with their initialisation (and G's average, when
    /// <see cref="GeneratorAverage"/> asks for one).</summary>
    public GanModel Build()
    {
        Validate();
        Core.TorchRuntime.EnsureLoaded();
        var model = BuildNetworks();
        if (GeneratorAverage > 0)
        {
            // The average starts as a copy of G. Its networks are built with the global stream put back afterwards, so
            // a run draws the same numbers with and without an average: the raw G trains exactly as it would alone.
            using var state = torch.random.get_rng_state();
            var twin = BuildNetworks();
            torch.random.set_rng_state(state);
            twin.Discriminator?.Dispose();
            model.AttachAverage(twin.Generator, GeneratorAverage);
        }
        return model;
    }

    /// <summary>Builds this family's fresh networks (settings already validated).</summary>
    protected abstract GanModel BuildNetworks();
}

/// <summary>A generator and a discriminator that belong together, with what the trainer needs to know about them.</summary>
/// <remarks>Discriminators return raw scores (logits); losses apply the sigmoid where the math needs it, which is
/// equivalent to a sigmoid output layer followed by binary cross-entropy but numerically stable.</remarks>
public sealed partial class GanModel : IDisposable
{
    /// <summary>Wraps two networks; the model owns and disposes them.</summary>
    /// <remarks><c>classCount</c> is 0 for an unconditional GAN; for a class-conditional one, the number of classes: G
    /// then takes noise followed by a one-hot class vector, D takes images followed by one constant plane per class.
    /// <c>discriminator</c> is null for generators trained by maximum likelihood only.</remarks>
    public GanModel(Module<Tensor, Tensor> generator, Module<Tensor, Tensor>? discriminator, long[] sampleShape, SampleRange range, int latentSize, int classCount = 0)
    {
        ClassCount = classCount;
        Generator = generator;
        Discriminator = discriminator;
        SampleShape = sampleShape;
        DataShape = sampleShape;
        Range = range;
        LatentSize = latentSize;
    }

    /// <summary>Maps G's input [B, GeneratorInputSize] to samples [B, ..SampleShape] (text LSTMs: tokens to logits).</summary>
    public Module<Tensor, Tensor> Generator { get; }
    /// <summary>Maps samples [B, ..SampleShape] to scores [B, 1] (or [B / pack, 1] for packed toy discriminators); null
    /// for a generator trained by maximum likelihood only.</summary>
    public Module<Tensor, Tensor>? Discriminator { get; }
    /// <summary>The discriminator, for code that needs one (image and toy tools); throws for generator-only models.</summary>
    public Module<Tensor, Tensor> RequiredDiscriminator =>
        Discriminator ?? throw new InvalidOperationException("this model has no discriminator (it is trained by maximum likelihood only).");
    /// <summary>True when D normalises with batch statistics (BatchNorm): real and generated batches must then pass
    /// through D separately, as DCGAN does (see <see cref="Training.AdversarialPhase.OnePassDiscriminator"/>).</summary>
    public bool DiscriminatorUsesBatchStatistics => Discriminator?.modules().Any(module => module is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d) == true;
    /// <summary>Shape of one training example as the data holds it: the sample shape, except for relaxed text GANs,
    /// whose data are token ids [T] and whose samples are relaxed one-hot rows [T, V].</summary>
    public long[] DataShape { get; init; }
    /// <summary>Turns a real batch as the data holds it into what D compares with G's samples (identity, or one-hot
    /// rows for token ids); null = identity.</summary>
    public Func<Tensor, Tensor>? RealTransform { get; init; }
    /// <summary>Shape of one sample, e.g. [1, 28, 28] or [2].</summary>
    public long[] SampleShape { get; }
    /// <summary>Range of generated samples; data is scaled to it before training.</summary>
    public SampleRange Range { get; }
    /// <summary>Size of the noise vector (0 for generators without noise input, such as text LSTMs).</summary>
    public int LatentSize { get; }

    /// <summary>0 for an unconditional GAN, else the number of classes it is conditioned on.</summary>
    public int ClassCount { get; }
    /// <summary>True when G and D are given class labels.</summary>
    public bool IsConditional => ClassCount > 0;
    /// <summary>Width of G's input: noise, then (conditional GANs) the one-hot class.</summary>
    public int GeneratorInputSize => LatentSize + ClassCount;

    /// <summary>G's input for noise [B, LatentSize] and labels [B] (int64): the noise itself for unconditional GANs,
    /// the noise followed by one-hot labels for conditional ones (the cGAN of Mirza and Osindero 2014).</summary>
    public Tensor GeneratorInput(Tensor noise, Tensor? labels)
    {
        if (!IsConditional) return noise.alias();
        if (labels is null) throw new ArgumentException($"this GAN is conditioned on {ClassCount} classes: give a label per noise vector.", nameof(labels));
        return cat(new[] { noise, nn.functional.one_hot(labels, ClassCount).to(noise.dtype) }, 1);
    }

    /// <summary>D's input for samples and labels: the samples themselves for unconditional GANs, for conditional ones
    /// the images followed by <see cref="ClassCount"/> constant planes (1 in the plane of the label, 0 elsewhere).</summary>
    public Tensor DiscriminatorInput(Tensor samples, Tensor? labels)
    {
        if (!IsConditional) return samples;
        if (labels is null) throw new ArgumentException($"this GAN is conditioned on {ClassCount} classes: give a label per sample.", nameof(labels));
        var planes = nn.functional.one_hot(labels, ClassCount).to(samples.dtype).view(samples.shape[0], ClassCount, 1, 1)
            .expand(samples.shape[0], ClassCount, samples.shape[2], samples.shape[3]);
        return cat(new[] { samples, planes }, 1);
    }

    /// <summary>True when <paramref name="data"/> [N, ..DataShape] is what this model trains on.</summary>
    public bool AcceptsData(Tensor data) => DataShape.Length == data.dim() - 1 && DataShape.SequenceEqual(data.shape.Skip(1));

    /// <summary>A real batch as D sees it (see <see cref="RealTransform"/>).</summary>
    public Tensor PrepareReal(Tensor batch) => RealTransform is null ? batch : RealTransform(batch);

    /// <summary>Every weight and buffer by its checkpoint name ("generator.*", "discriminator.*").</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedWeights()
    {
        foreach (var (name, value) in Generator.state_dict()) yield return ("generator." + name, value);
        if (AveragedGenerator is not null)
            foreach (var (name, value) in AveragedGenerator.state_dict()) yield return ("generator_average." + name, value);
        if (Discriminator is null) yield break;
        foreach (var (name, value) in Discriminator.state_dict()) yield return ("discriminator." + name, value);
    }

    /// <summary>Moves both networks to a device.</summary>
    public GanModel To(Device device)
    {
        Generator.to(device);
        AveragedGenerator?.to(device);
        PairAverage();
        Discriminator?.to(device);
        return this;
    }

    /// <summary>Generates samples (from G's average when the model keeps one and <see cref="SampleFromAverage"/> is set) from given noise in evaluation mode, in inference mode (no autograd bookkeeping at
    /// all; the result cannot enter a backward pass).</summary>
    public Tensor Sample(Tensor noise)
    {
        if (noise.dim() != 2 || noise.shape[1] != GeneratorInputSize)
            throw new ArgumentException(IsConditional
                ? $"G takes [B, {GeneratorInputSize}] (noise of {LatentSize} then a one-hot class of {ClassCount}); got [{string.Join(", ", noise.shape)}]: build it with GeneratorInput(noise, labels)."
                : $"G takes noise of shape [B, {LatentSize}]; got [{string.Join(", ", noise.shape)}].", nameof(noise));
        using var inference = inference_mode();
        var network = SamplingGenerator;
        var wasTraining = network.training;
        network.eval();
        try { return network.call(noise); }
        finally { if (wasTraining) network.train(); }
    }

    /// <summary>Maps data in [0, 1] to this model's range (identity for [0, 1] and unbounded).</summary>
    public Tensor FromUnitRange(Tensor pixels) => Range == SampleRange.MinusOneToOne ? pixels * 2 - 1 : pixels.alias();

    /// <summary>Maps generated samples back to [0, 1] for display.</summary>
    public Tensor ToUnitRange(Tensor samples) => Range == SampleRange.MinusOneToOne ? ((samples + 1) / 2).clamp(0, 1) : samples.clamp(0, 1);

    /// <summary>Samples as pictures show them: images in [0, 1], unbounded values (points) as they are.</summary>
    public Tensor ToShown(Tensor samples) => Range == SampleRange.Unbounded ? samples.alias() : ToUnitRange(samples);

    /// <inheritdoc />
    public void Dispose()
    {
        Generator.Dispose();
        AveragedGenerator?.Dispose();
        Discriminator?.Dispose();
    }
}
