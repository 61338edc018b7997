using System.Net;
using System.Security.Cryptography;
using GanLab.Data;

namespace GanLab.Tests.Data;

/// <summary>Downloads against a loopback server that serves hand-made IDX files.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly HttpListener server = new();
    private readonly Dictionary<string, byte[]> files = new();
    private readonly string baseUrl;
    private readonly ImageDataSpec spec;

    public DownloadTests()
    {
        var port = 20000 + Random.Shared.Next(20000);
        baseUrl = $"http://127.0.0.1:{port}/";
        server.Prefixes.Add(baseUrl);
        server.Start();
        _ = Task.Run(Serve);
        var images = IdxBytes.Build(0x08, new[] { 2, 28, 28 }, new byte[2 * 784]);
        var labels = IdxBytes.Build(0x08, new[] { 2 }, new byte[] { 3, 7 });
        files["train-images-idx3-ubyte.gz"] = IdxBytes.Gzip(images);
        files["train-labels-idx1-ubyte.gz"] = IdxBytes.Gzip(labels);
        spec = ImageDataCatalog.Mnist with
        {
            Name = "download-test-" + Guid.NewGuid().ToString("N"),
            TrainImages = new IdxFileSpec("train-images-idx3-ubyte", Convert.ToHexStringLower(SHA256.HashData(images))),
            TrainLabels = new IdxFileSpec("train-labels-idx1-ubyte", Convert.ToHexStringLower(SHA256.HashData(labels))),
            DownloadBaseUrl = baseUrl,
        };
    }

    [Fact]
    public void Should_download_verify_and_then_load_the_files()
    {
        var folder = ImageDataCatalog.Download(spec);

        Assert.Equal(ImageDataCatalog.DownloadCacheFolder(spec), folder);
        using var data = ImageDataCatalog.Load(spec);
        Assert.Equal(2, data.Count);
        Assert.Equal(new long[] { 3, 7 }, data.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Should_refuse_content_whose_hash_differs_and_save_nothing()
    {
        // Given a server whose image file was tampered with (one pixel changed)
        var tampered = IdxBytes.Build(0x08, new[] { 2, 28, 28 }, Enumerable.Repeat((byte)0, 2 * 784 - 1).Append((byte)1).ToArray());
        files["train-images-idx3-ubyte.gz"] = IdxBytes.Gzip(tampered);

        var error = Assert.Throws<InvalidDataException>(() => ImageDataCatalog.Download(spec));

        Assert.Contains(baseUrl + "train-images-idx3-ubyte.gz: SHA-256 of the content is", error.Message);
        Assert.False(File.Exists(Path.Combine(ImageDataCatalog.DownloadCacheFolder(spec), "train-images-idx3-ubyte.gz")));
    }

    private async Task Serve()
    {
        while (server.IsListening)
        {
            HttpListenerContext context;
            try { context = await server.GetContextAsync(); }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var name = context.Request.Url!.AbsolutePath.TrimStart('/');
            if (files.TryGetValue(name, out var content))
            {
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content);
            }
            else context.Response.StatusCode = 404;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Close();
        var cache = ImageDataCatalog.DownloadCacheFolder(spec);
        if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
    }
}
