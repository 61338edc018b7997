using GanLab.Data.Audio;
using GanLab.Experiments.DataKinds;
using GanLab.Models;

namespace GanLab.Tests.Speech;

public class SpokenDigitsTests
{
    private static readonly SpeechVoice[] TwoVoices =
    {
        new("flite", "slt", false, 170), new("espeak-ng", "en-gb+f5", true),
    };

    [Fact]
    public void Should_render_the_same_bytes_twice_with_a_speaker_disjoint_split()
    {
        // Given two renderings of the same two speakers (one held out), one take each
        using var folder = new TemporaryFolder();
        var first = SpokenDigitsBuilder.Prepare(folder.File("first"), voices: TwoVoices, takesPerDigit: 1);
        var second = SpokenDigitsBuilder.Prepare(folder.File("second"), voices: TwoVoices, takesPerDigit: 1);

        // Then the SHA-256 is the same and matches the files, and each split holds one speaker's ten digits
        Assert.Equal(first, second);
        Assert.Equal(first, SpokenDigitsBuilder.HashOf(folder.File("first")));
        Assert.Equal(first, File.ReadAllText(Path.Combine(folder.File("first"), SpokenDigits.HashFileName)).Trim());
        using var train = SpokenDigits.Load(test: false, folder.File("first"));
        using var test = SpokenDigits.Load(test: true, folder.File("first"));
        Assert.Equal(Enumerable.Range(0, 10).Select(digit => (long)digit), train.Labels.data<long>().ToArray());
        Assert.Equal(new[] { "flite-slt" }, train.Speakers.Distinct());
        Assert.Equal(new[] { "espeak-en-gb-f5" }, test.Speakers.Distinct());
        Assert.Equal(new long[] { 10, SpokenDigits.ClipLength }, test.Waveforms.shape);
        // Speech is there (peak level 0.35-0.9 by the recipe) and not clipped
        var peaks = train.Waveforms.abs().amax(new long[] { 1 }).data<float>().ToArray();
        Assert.All(peaks, peak => Assert.InRange(peak, 0.3f, 0.95f));
    }

    [Fact]
    public void Should_place_each_word_near_the_centre_and_render_again_a_rendering_of_an_older_recipe()
    {
        using var folder = new TemporaryFolder();
        SpokenDigitsBuilder.Prepare(folder.Path, voices: TwoVoices, takesPerDigit: 2);

        // Each word starts at 40-60% of the clip's free space (manifest: offset, spoken_samples)
        var rows = File.ReadLines(folder.File(SpokenDigits.ManifestFileName)).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(40, rows.Count);
        Assert.All(rows, row =>
        {
            var free = SpokenDigits.ClipLength - Math.Min(int.Parse(row[11]), SpokenDigits.ClipLength);
            Assert.InRange(int.Parse(row[10]), (int)(0.4 * free), (int)Math.Ceiling(0.6 * free));
        });
        // A rendering without recipe.txt is recipe 1 (words anywhere in 20-80%), which is no longer prepared
        Assert.Equal(SpokenDigits.Recipe, SpokenDigits.RecipeOf(folder.Path));
        Assert.True(SpokenDigits.IsPrepared(folder.Path));
        File.Delete(folder.File(SpokenDigits.RecipeFileName));
        Assert.Equal("1", SpokenDigits.RecipeOf(folder.Path));
        Assert.False(SpokenDigits.IsPrepared(folder.Path));
    }

    [Fact]
    public void Should_label_a_wav_folder_from_file_and_folder_names()
    {
        using var folder = new TemporaryFolder();
        SpeechTestClips.WriteDigitFolder(folder.Path, new[] { "alice", "bob", "carol", "dave", "erin", "frank" });
        Directory.CreateDirectory(folder.File("seven"));
        SpeechTestClips.WriteWav(Path.Combine(folder.File("seven"), "take.wav"), SpeechTestClips.Tone(1000, 3000));

        using var train = SpokenDigits.LoadWavFolder(folder.Path, test: false);
        using var test = SpokenDigits.LoadWavFolder(folder.Path, test: true);

        Assert.Equal(61, train.Count + test.Count);
        Assert.Empty(train.Speakers.Intersect(test.Speakers));
        var labels = train.Labels.data<long>().ToArray().Concat(test.Labels.data<long>().ToArray()).ToArray();
        Assert.Equal(7, labels.Count(label => label == 7));
        // Short clips are padded with silence to the clip length
        Assert.Equal(SpokenDigits.ClipLength, train.Waveforms.shape[1]);
    }

    [Theory]
    [InlineData("empty", "no .wav files found")]
    [InlineData("foreign", "notes.txt: not a .wav file")]
    [InlineData("unlabelled", "no digit label")]
    [InlineData("long", "expected 2000 to 8192 samples")]
    public void Should_refuse_an_unusable_wav_folder_in_one_line(string kind, string expected)
    {
        using var folder = new TemporaryFolder();
        SpeechTestClips.WriteDigitFolder(folder.Path, kind == "empty" ? Array.Empty<string>() : new[] { "alice", "bob", "carol", "dave", "erin" });
        if (kind == "foreign") File.WriteAllText(folder.File("notes.txt"), "hello");
        if (kind == "unlabelled") SpeechTestClips.WriteWav(folder.File("recording.wav"), SpeechTestClips.Tone(500, 4000));
        if (kind == "long") SpeechTestClips.WriteWav(folder.File("3_alice_9.wav"), SpeechTestClips.Tone(500, 9000));

        var error = Assert.ThrowsAny<SystemException>(() =>
        {
            using var train = SpokenDigits.LoadWavFolder(folder.Path, test: false);
            using var test = SpokenDigits.LoadWavFolder(folder.Path, test: true);
        });

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_give_SpecGAN_spectrograms_in_range_that_turn_back_into_the_same_sounds()
    {
        // Given a wav: folder of tones loaded for SpecGAN
        using var folder = new TemporaryFolder();
        SpeechTestClips.WriteDigitFolder(folder.Path, new[] { "alice", "bob", "carol", "dave", "erin" }, length: SpokenDigits.ClipLength);
        var spec = new AudioData("wav:" + folder.Path);
        using var data = (AudioRunData)spec.Load(new SpecGanConfig(), seed: 1);

        // Then the examples are [N, 1, 128, 64] in [-1, 1], and shown samples (in [0, 1]) go back to audio whose
        // loudest bin is the tone's own
        Assert.Equal(new long[] { data.Count, 1, Spectrograms.Bins, Spectrograms.Frames }, data.Examples.shape);
        Assert.True(data.Examples.min().item<float>() >= -1 && data.Examples.max().item<float>() <= 1);
        using var picked = TorchSharp.torch.tensor(new long[] { 0, 4, 8 }); // digits 0, 1, 2 (four training speakers each)
        using var shown = (data.Examples.index_select(0, picked) + 1) / 2;
        using var audio = data.ToWaveforms(shown);
        using var loudest = Spectrograms.LogMagnitudes(audio).mean(new long[] { 2 }).argmax(1);
        Assert.Equal(new long[] { 10, 14, 18 }, loudest.data<long>().ToArray());
    }

    [Fact]
    public void Should_build_SpecGAN_for_128_by_64_spectrograms_with_per_example_scores()
    {
        using var model = new SpecGanConfig { ClassCount = 10 }.Build();
        using var noise = TorchSharp.torch.randn(3, 100);
        using var labels = TorchSharp.torch.tensor(new long[] { 0, 5, 9 });

        using var spectrograms = model.Generator.call(model.GeneratorInput(noise, labels));
        using var scores = model.RequiredDiscriminator.call(model.DiscriminatorInput(spectrograms, labels));

        Assert.Equal(new long[] { 3, 1, Spectrograms.Bins, Spectrograms.Frames }, spectrograms.shape);
        Assert.Equal(new long[] { 3, 1 }, scores.shape);
        Assert.True(spectrograms.abs().max().item<float>() <= 1);
    }
}
