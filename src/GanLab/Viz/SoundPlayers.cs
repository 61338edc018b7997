using System.Net;
using System.Text;

namespace GanLab.Viz;

/// <summary>A short sound with its spectrogram, to be heard and seen side by side.</summary>
/// <param name="Caption">What it is ("sample 3", "digit 7").</param>
/// <param name="Wav">The clip as WAV bytes.</param>
/// <param name="SpectrogramPng">Its spectrogram as a PNG.</param>
public sealed record SoundClip(string Caption, byte[] Wav, byte[] SpectrogramPng);

/// <summary>HTML5 audio players with the WAV data inside the page (data URIs): reports and lesson pages play offline.</summary>
public static class SoundPlayers
{
    /// <summary>A row of figures, each a spectrogram over an audio player.</summary>
    public static string ToHtml(IReadOnlyList<SoundClip> clips)
    {
        var html = new StringBuilder("<div class=\"sounds\" style=\"display:flex;flex-wrap:wrap;gap:8px\">\n");
        foreach (var clip in clips)
        {
            var caption = WebUtility.HtmlEncode(clip.Caption);
            html.Append("<figure style=\"margin:0;font-family:sans-serif;font-size:12px;text-align:center\">")
                .Append($"<img alt=\"spectrogram of {caption}\" style=\"image-rendering:pixelated;display:block;margin:auto\" src=\"data:image/png;base64,{Convert.ToBase64String(clip.SpectrogramPng)}\"/>")
                .Append($"<audio controls preload=\"auto\" style=\"width:160px\" src=\"data:audio/wav;base64,{Convert.ToBase64String(clip.Wav)}\"></audio>")
                .Append($"<figcaption>{caption}</figcaption></figure>\n");
        }
        return html.Append("</div>\n").ToString();
    }
}
