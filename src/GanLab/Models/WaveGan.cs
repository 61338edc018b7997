using System.Text.Json.Serialization;
using GanLab.Core;
using GanLab.Data.Audio;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>WaveGAN (Donahue et al. 2019), small: 1-D transposed convolutions (kernel 25, stride 4) straight to 8,192
/// audio samples, and a D of strided 1-D convolutions with phase shuffle; tanh output on [-1, 1].</summary>
/// <remarks>The paper's G goes from 16 x 16 d to 16,384 samples with d = 64; here 8 x 16 d to 8,192 with d = 16 by
/// default, the same five stride-4 layers. Phase shuffle shifts each example's D features by up to
/// <see cref="PhaseShuffle"/> samples (reflect-padded) after every hidden layer, so D cannot judge by the exact phase
/// of periodic artefacts that transposed convolutions leave.</remarks>
public sealed record WaveGanConfig : ModelConfig
{
    /// <summary>Model size d: G's last hidden layer and D's first have d maps, the others 2, 4, 8 and 16 d.</summary>
    public int Features { get; init; } = 16;
    /// <summary>Largest phase-shuffle shift in samples (the paper: 2); 0 = off.</summary>
    public int PhaseShuffle { get; init; } = 2;
    /// <summary>Also judge each clip's log-magnitude spectrogram, with SpecGAN's D beside the waveform D (their scores
    /// add). Not in the paper: its waveform D alone, trained for days with WGAN-GP, is what GanLab's 30-minute budget
    /// could not reproduce (README, Speech GANs). G is WaveGAN's either way.</summary>
    public bool SpectrogramDiscriminator { get; init; }
    /// <summary>Judge the waveform itself with the paper's strided 1-D convolutions (default); false leaves only the
    /// spectrogram D, which needs <see cref="SpectrogramDiscriminator"/>.</summary>
    public bool WaveformDiscriminator { get; init; } = true;
    /// <summary>BatchNorm after G's projection and each hidden transposed convolution, as in SpecGAN's and DCGAN's G.
    /// Not in the paper, whose G has no normalisation.</summary>
    public bool GeneratorBatchNorm { get; init; }
    /// <summary>Power added to each bin before the spectrogram D's logarithm (default 1e-6, ln |X| floor -6.9). The
    /// log's gradient is about 1 / |X|, so the data's noise bins (ln |X| -4.5 to -2.5; in 12 clips 84% of the bins
    /// lie below -2.3) steer G's gradient and R1 / R2 far more than the loud bins that carry the word. 1e-2 flattens
    /// them below |X| = 0.1; at Adam 4e-4 that let D win and did not raise the score (README, Speech GANs).</summary>
    public double SpectrogramFloor { get; init; } = DiscriminatorSpectrogram.DefaultPowerFloor;
    /// <summary>Examples per <see cref="MinibatchDeviation"/> group before the spectrogram D's score (0 = off): lets D
    /// see a batch that says too few digits. The batch size must be a multiple of it.</summary>
    public int MinibatchDeviationGroup { get; init; }
    /// <summary>PacGAN packing for the spectrogram D (1 = off): it judges this many neighbouring clips' spectrograms
    /// stacked as planes, one score per pack, so a batch that says too few digits is easier to tell from real. Needs
    /// <see cref="WaveformDiscriminator"/> off (the waveform D scores each clip); the batch size must be a multiple.</summary>
    public int Pack { get; init; } = 1;
    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;
    /// <inheritdoc />
    [JsonIgnore] public override (int Multiple, string Field)? BatchMultiple =>
        // Deviation groups are formed from packs, so with both the batch holds whole groups of packs.
        MinibatchDeviationGroup > 0 ? (Pack * MinibatchDeviationGroup, Pack > 1 ? "model.pack x model.minibatchDeviationGroup" : "model.minibatchDeviationGroup")
        : Pack > 1 ? (Pack, "model.pack") : null;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.Positive(Features, nameof(Features));
        Guard.InRange(PhaseShuffle, 0, 8, nameof(PhaseShuffle));
        Guard.Positive(SpectrogramFloor, nameof(SpectrogramFloor));
        Guard.InRange(MinibatchDeviationGroup, 0, 16, nameof(MinibatchDeviationGroup));
        Guard.InRange(Pack, 1, 8, nameof(Pack));
        if (Pack > 1 && WaveformDiscriminator)
            throw new ArgumentException($"{Guard.Field(nameof(Pack))} above 1 needs {Guard.Field(nameof(WaveformDiscriminator))}: false (the waveform D scores each clip, the packed spectrogram D each pack).",
                Guard.Field(nameof(Pack)));
        if (MinibatchDeviationGroup > 0 && !SpectrogramDiscriminator)
            throw new ArgumentException($"{Guard.Field(nameof(MinibatchDeviationGroup))} needs {Guard.Field(nameof(SpectrogramDiscriminator))}: true (the plane joins the spectrogram D).",
                Guard.Field(nameof(MinibatchDeviationGroup)));
        if (!WaveformDiscriminator && !SpectrogramDiscriminator)
            throw new ArgumentException($"{Guard.Field(nameof(WaveformDiscriminator))}: false needs {Guard.Field(nameof(SpectrogramDiscriminator))}: true (D must judge something).",
                Guard.Field(nameof(WaveformDiscriminator)));
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var generator = new WaveGanGenerator(LatentSize, Features, GeneratorBatchNorm);
        var discriminator = new WaveGanDiscriminator(Features, PhaseShuffle, SpectralNorm, SpectrogramDiscriminator, WaveformDiscriminator, SpectrogramFloor, MinibatchDeviationGroup, Pack);
        // The paper initialises with its framework's defaults (Glorot); DCGAN's N(0, 0.02) is used for the 2-D
        // families here, and the 1-D layers keep TorchSharp's defaults (Kaiming-uniform), which trained in our runs.
        return new GanModel(generator, discriminator, new long[] { 1, SpokenDigits.ClipLength }, SampleRange.MinusOneToOne, LatentSize);
    }

    /// <summary>Length of the first feature map: 8,192 / 4^5.</summary>
    internal const int FirstLength = SpokenDigits.ClipLength / 1024;
}

/// <summary>z -> dense 8 x 16 d -> five transposed convolutions (kernel 25, stride 4) -> [B, 1, 8192], ReLU between,
/// tanh out.</summary>
public sealed class WaveGanGenerator : Module<Tensor, Tensor>
{
    private readonly Linear project;
    private readonly BatchNorm1d? projectNorm;
    private readonly Sequential layers;
    private readonly int features;

    /// <summary>Builds the generator (<paramref name="batchNorm"/>: BatchNorm before each ReLU).</summary>
    public WaveGanGenerator(int latentSize, int features, bool batchNorm = false) : base("generator")
    {
        this.features = features;
        project = Linear(latentSize, WaveGanConfig.FirstLength * 16 * features);
        if (batchNorm) projectNorm = BatchNorm1d(16 * features);
        var widths = new[] { 16 * features, 8 * features, 4 * features, 2 * features, features, 1 };
        var stages = new List<(string, Module<Tensor, Tensor>)>();
        for (var stage = 1; stage < widths.Length; stage++)
        {
            var hidden = stage < widths.Length - 1;
            // (L - 1) * 4 - 2 * 11 + 25 + 1 = 4 L: each layer makes the signal exactly four times longer.
            stages.Add(($"up{stage}", ConvTranspose1d(widths[stage - 1], widths[stage], 25, stride: 4, padding: 11, output_padding: 1)));
            if (hidden && batchNorm) stages.Add(($"up{stage}_norm", BatchNorm1d(widths[stage])));
            stages.Add(($"up{stage}_activation", hidden ? ReLU() : Tanh()));
        }
        layers = Sequential(stages);
        RegisterComponents();
    }

    /// <summary>[B, nz] -> [B, 1, 8192].</summary>
    public override Tensor forward(Tensor noise)
    {
        using var scope = NewDisposeScope();
        var first = project.call(noise).view(noise.shape[0], 16 * features, WaveGanConfig.FirstLength);
        if (projectNorm is not null) first = projectNorm.call(first);
        return layers.call(functional.relu(first)).MoveToOuterDisposeScope();
    }
}

/// <summary>[B, 1, 8192] -> five strided convolutions (kernel 25, stride 4, LeakyReLU 0.2, phase shuffle) -> 8 x 16 d
/// -> one score.</summary>
public sealed class WaveGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly ModuleList<Module<Tensor, Tensor>> convolutions = new();
    private readonly Module<Tensor, Tensor>? score;
    private readonly Module<Tensor, Tensor>? spectrogramBranch;
    private readonly int shuffle;
    private readonly Scalar powerFloor;

    /// <summary>Builds the discriminator (<paramref name="spectrogramBranch"/>: add SpecGAN's D on the clip's
    /// log-magnitude spectrogram; <paramref name="pack"/> &gt; 1: that branch packed as in PacGAN).</summary>
    public WaveGanDiscriminator(int features, int phaseShuffle, bool spectralNorm = false, bool spectrogramBranch = false,
        bool waveformBranch = true, double spectrogramFloor = DiscriminatorSpectrogram.DefaultPowerFloor, int deviationGroup = 0, int pack = 1) : base("discriminator")
    {
        powerFloor = spectrogramFloor.ToScalar();
        if (spectrogramBranch)
        {
            var judge = new SpecGanDiscriminator(features, pack, spectralNorm, deviationGroup);
            DcganInitialisation.Apply(judge);
            // Unpacked, the branch stays the bare D, so checkpoints made before packing existed keep their names.
            this.spectrogramBranch = pack > 1 ? new PackedDiscriminator(pack, judge) : judge;
        }
        shuffle = phaseShuffle;
        if (waveformBranch)
        {
            var widths = new[] { 1, features, 2 * features, 4 * features, 8 * features, 16 * features };
            for (var stage = 1; stage < widths.Length; stage++)
                convolutions.Add(SpectralNormalised.Maybe(Conv1d(widths[stage - 1], widths[stage], 25, stride: 4, padding: 11), spectralNorm));
            score = SpectralNormalised.Maybe(Linear(16 * features * WaveGanConfig.FirstLength, 1), spectralNorm);
        }
        RegisterComponents();
    }

    /// <summary>[B, 1, 8192] -> [B, 1] raw scores.</summary>
    public override Tensor forward(Tensor audio)
    {
        using var scope = NewDisposeScope();
        var spectrogramScores = spectrogramBranch?.call(DiscriminatorSpectrogram.Of(audio, powerFloor));
        if (score is null) return spectrogramScores!.MoveToOuterDisposeScope();
        var hidden = audio;
        for (var index = 0; index < convolutions.Count; index++)
        {
            hidden = HeldScalars.LeakyRelu(convolutions[index].call(hidden));
            if (index < convolutions.Count - 1 && training && shuffle > 0) hidden = PhaseShuffled(hidden, shuffle);
        }
        var scores = score.call(hidden.flatten(1));
        if (spectrogramScores is not null) scores = scores.add(spectrogramScores, HeldScalars.One);
        return scores.MoveToOuterDisposeScope();
    }

    /// <summary>Each example's features shifted by its own random k in [-n, n] samples, reflect-padded (the paper's
    /// phase shuffle); drawn from the global stream, which the trainer seeds.</summary>
    public static Tensor PhaseShuffled(Tensor features, int maximumShift)
    {
        using var scope = NewDisposeScope();
        var length = features.shape[2];
        var shifts = randint(-maximumShift, maximumShift + 1, new long[] { features.shape[0] });
        var padded = functional.pad(features, new long[] { maximumShift, maximumShift }, TorchSharp.PaddingModes.Reflect);
        // One slice per shift value (at most 2 n + 1) rather than one per example: the same result, far fewer ops.
        var shifted = zeros_like(features);
        for (var shift = -maximumShift; shift <= maximumShift; shift++)
        {
            var examples = shifts.eq(shift).nonzero().flatten();
            if (examples.shape[0] == 0) continue;
            shifted = shifted.index_copy(0, examples, padded.index_select(0, examples).narrow(2, maximumShift - shift, length));
        }
        return shifted.MoveToOuterDisposeScope();
    }
}
