using System.Diagnostics;
using System.Text.Json;

namespace GanLab.Tests.Notebooks;

/// <summary>What headless Chromium saw on a page once its scripts had run.</summary>
/// <remarks>Audio: players found, players whose media reached at least HAVE_METADATA with a finite duration, and the
/// shortest and longest duration in seconds.</remarks>
internal sealed record RenderedPage(int Plots, int PlotsWithTraces, int Images, int DecodedImages, int Tables,
    int Audio = 0, int ReadyAudio = 0, double ShortestAudio = 0, double LongestAudio = 0);

/// <summary>Opens a saved HTML file in Debian's headless Chromium (offline) and counts what actually rendered.</summary>
internal static class BrowserCheck
{
    // Runs after the page's own scripts: Plotly draws an SVG with one g.trace per drawn series (scatter, heatmap...).
    private const string Probe = """
        <script>window.addEventListener('load', function () { setTimeout(function () {
          var plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
          var images = Array.from(document.images);
          var sounds = Array.from(document.querySelectorAll('audio'));
          var ready = sounds.filter(function (a) { return a.readyState >= 1 && isFinite(a.duration); });
          var durations = ready.map(function (a) { return a.duration; });
          var result = { plots: plots.length,
            plotsWithTraces: plots.filter(function (p) { return p.querySelector('svg.main-svg') && p.querySelectorAll('g.trace, .hm, g.heatmaplayer image').length > 0; }).length,
            images: images.length,
            decodedImages: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
            tables: document.querySelectorAll('table').length,
            audio: sounds.length, readyAudio: ready.length,
            shortestAudio: durations.length ? Math.min.apply(null, durations) : 0,
            longestAudio: durations.length ? Math.max.apply(null, durations) : 0 };
          var out = document.createElement('pre'); out.id = 'ganlab-check'; out.textContent = JSON.stringify(result);
          document.body.appendChild(out); }, 2000); });</script>
        """;

    public static string Executable() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException("headless Chromium is needed for the notebook render tests: `sudo apt-get install chromium` (`./ganlab test` installs it when it runs as root).");

    public static RenderedPage Open(string htmlPath)
    {
        var probed = Path.Combine(Path.GetDirectoryName(htmlPath)!, "probed-" + Path.GetFileName(htmlPath));
        File.WriteAllText(probed, File.ReadAllText(htmlPath).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var profile = Directory.CreateTempSubdirectory("ganlab-chromium-").FullName;
        var start = new ProcessStartInfo(Executable()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--mute-audio", $"--user-data-dir={profile}", "--virtual-time-budget=30000",
                     "--dump-dom", new Uri(probed).AbsoluteUri,
                 })
            start.ArgumentList.Add(argument);
        using var browser = Process.Start(start)!;
        var errors = browser.StandardError.ReadToEndAsync();
        var dom = browser.StandardOutput.ReadToEnd();
        browser.WaitForExit();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        var marker = dom.IndexOf("id=\"ganlab-check\">", StringComparison.Ordinal);
        if (marker < 0) throw new InvalidOperationException($"the page never finished loading in Chromium: {errors.Result[..Math.Min(500, errors.Result.Length)]}");
        var json = dom[(marker + "id=\"ganlab-check\">".Length)..dom.IndexOf("</pre>", marker, StringComparison.Ordinal)];
        return JsonSerializer.Deserialize<RenderedPage>(System.Net.WebUtility.HtmlDecode(json), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
