using GanLab.Data.Audio;
using GanLab.Experiments.DataKinds;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>Clips as people take them in: spectrogram pictures with players, and a waveform chart.</summary>
public static class SpeechViews
{
    /// <summary>Spectrogram images [N, 1, 128, 64] in [0, 1] of waveforms [N, samples] by a fixed map of the
    /// log-magnitude (silence black, ln 50 white), low frequencies at the bottom: comparable across clips.</summary>
    public static Tensor SpectrogramImages(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        var images = Spectrograms.ToUnitRange(Spectrograms.LogMagnitudes(waveforms)).unsqueeze(1);
        return images.flip(2).MoveToOuterDisposeScope();
    }

    /// <summary>Clips [N, samples] as a spectrogram grid with a player under each spectrogram.</summary>
    public static SampleView Listen(Tensor waveforms, IReadOnlyList<string> captions, string caption, int columns = 10)
    {
        using var scope = NewDisposeScope();
        var images = SpectrogramImages(waveforms);
        var sounds = captions.Select((text, index) => new SoundClip(text,
            WavFile.ToBytes(waveforms[index].data<float>().ToArray(), SpokenDigits.SampleRate), ImageGrid.ToPng(images.narrow(0, index, 1), 1, 1))).ToList();
        return new SampleView(caption, ImageGrid.ToPng(images, columns, 1), null) { Sounds = sounds };
    }

    /// <summary>One clip's waveform over time (seconds), for "what the GAN has to draw".</summary>
    public static GenericChart Waveform(float[] samples, string title, int width = 900, int height = 260)
    {
        var seconds = Enumerable.Range(0, samples.Length).Select(index => index / (double)SpokenDigits.SampleRate).ToArray();
        return CSharpChart.Line<double, double, string>(seconds, samples.Select(value => (double)value).ToArray(), Name: title)
            .WithXAxisStyle<double, double, string>(TitleText: "seconds")
            .WithYAxisStyle<double, double, string>(TitleText: "amplitude")
            .WithSize(width, height);
    }
}
