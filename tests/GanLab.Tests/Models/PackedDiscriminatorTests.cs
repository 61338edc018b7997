using GanLab.Core;
using GanLab.Experiments;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class PackedDiscriminatorTests
{
    public PackedDiscriminatorTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Should_judge_neighbouring_spectrograms_stacked_as_planes_one_score_per_pack()
    {
        // Given 6 one-plane 128 x 64 spectrograms and a SpecGAN D that takes two planes
        using var spectrograms = randn(6, 1, 128, 64, generator: new TorchSharp.torch.Generator(3));
        using var judge = new SpecGanDiscriminator(4, 2);
        using var packed = new PackedDiscriminator(2, judge);

        using var scores = packed.call(spectrograms);

        // Then there are three scores, each the D's score of examples 2i and 2i + 1 stacked another way (even and odd rows)
        using var evens = spectrograms.index_select(0, tensor(new long[] { 0, 2, 4 }));
        using var odds = spectrograms.index_select(0, tensor(new long[] { 1, 3, 5 }));
        using var expected = judge.call(cat(new[] { evens, odds }, 1));
        Assert.Equal(new long[] { 3, 1 }, scores.shape);
        Assert.True(scores.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_give_the_wavegan_spectrogram_D_one_score_per_pack_and_refuse_packs_that_do_not_fit()
    {
        // Given the speech preset with packs of 2 (its D judges spectrograms only)
        var model = (WaveGanConfig)Presets.WaveGanDigits.Model with { Pack = 2 };
        using var built = model.Build();
        using var audio = randn(4, 1, 8192).mul(0.1);
        using var scores = built.RequiredDiscriminator.call(audio);
        Assert.Equal(new long[] { 2, 1 }, scores.shape);

        // Then a batch size the packs do not divide, and packs beside the per-clip waveform D, are refused naming the field
        var odd = Presets.WaveGanDigits with { Model = model with { Pack = 3 } };
        Assert.StartsWith("training.batchSize (64) must be a multiple of model.pack (3)", Assert.Throws<ArgumentException>(odd.Validate).Message);
        var grouped = Presets.WaveGanDigits with { Model = model with { Pack = 2, MinibatchDeviationGroup = 3 } };
        Assert.StartsWith("training.batchSize (64) must be a multiple of model.pack x model.minibatchDeviationGroup (6)", Assert.Throws<ArgumentException>(grouped.Validate).Message);
        var withWaveform = Presets.WaveGanDigits with { Model = model with { WaveformDiscriminator = true } };
        Assert.StartsWith("model.pack above 1 needs waveformDiscriminator: false", Assert.Throws<ArgumentException>(withWaveform.Validate).Message);
    }
}
