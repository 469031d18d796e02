using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Library;

/// <summary>Real Kestrel and sockets, so an upload's body can stay half sent while others arrive.</summary>
public sealed class KestrelUploadApp : RadioApp
{
    public KestrelUploadApp() => UseKestrel(0);
}

public sealed class ConcurrentUploadTests(KestrelUploadApp app) : IClassFixture<KestrelUploadApp>
{
    [Fact]
    public async Task A_third_upload_while_two_bodies_are_still_streaming_is_429_with_retry_after_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var (other, _) = await app.NewArtistAsync();
        var before = await app.StoredAsync();
        var held = new[] { new HeldUpload(LibraryApi.ThreeSeconds), new HeldUpload(LibraryApi.ThreeSeconds) };
        using var streaming = Streaming(artist);
        var holding = held.Select(h => streaming.PostAsync("/songs/upload", h)).ToArray();
        await DraftsAsync(2); // both bodies are being read: each holds its permit

        var third = await artist.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Third"));
        var otherAccount = await other.UploadAsync(LibraryApi.Form(LibraryApi.ThreeSeconds, "Other account"));

        (await third.ShouldBeProblemAsync(429)).Detail.Should().Contain("uploads");
        third.Headers.RetryAfter!.Delta.Should().BePositive();
        otherAccount.StatusCode.Should().Be(HttpStatusCode.Created, "the limit is per account");
        foreach (var upload in held)
        {
            upload.Release();
        }

        (await Task.WhenAll(holding)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        (await app.StoredAsync()).Should().Be((before.Files + 3, before.Rows + 3), "the refused upload left no row and no file");
    }

    [Fact]
    public async Task A_finished_upload_gives_its_permit_back()
    {
        var (artist, _) = await app.NewArtistAsync();

        foreach (var title in new[] { "One", "Two", "Three" })
        {
            await artist.UploadSongAsync(title);
        }
    }

    /// <summary>The account's client without the redirect handler, which would buffer a body before sending it.</summary>
    private HttpClient Streaming(HttpClient account)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = account.BaseAddress! });
        client.DefaultRequestHeaders.Authorization = account.DefaultRequestHeaders.Authorization;
        return client;
    }

    private async Task DraftsAsync(int count)
    {
        var media = Path.Combine(app.DataDirectory, "media");
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (Directory.Exists(media) && Directory.EnumerateFiles(media, "*.part").Count() >= count)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The server did not start reading {count} uploads: " + string.Join(",", Directory.GetFiles(media)));
    }

    /// <summary>A multipart upload whose body stops halfway through the file until released.</summary>
    private sealed class HeldUpload : HttpContent
    {
        private const string Boundary = "held-upload-boundary";
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] _head;
        private readonly byte[] _tail;

        public HeldUpload(byte[] audio)
        {
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
            var half = audio.Length / 2;
            _head =
            [
                .. Encoding.ASCII.GetBytes(
                    $"--{Boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHeld\r\n"
                    + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\n"),
                .. audio[..half],
            ];
            _tail = [.. audio[half..], .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")];
        }

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_head);
            await stream.FlushAsync();
            await _release.Task;
            await stream.WriteAsync(_tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
