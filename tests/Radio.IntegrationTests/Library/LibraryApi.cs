using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

/// <summary>Library calls and the checks that an upload left nothing behind.</summary>
public static class LibraryApi
{
    public static readonly byte[] ThreeSeconds = Mp3Writer.Cbr(3);

    /// <summary>An upload form; a null part is left out. File names and content types are deliberately misleading.</summary>
    public static MultipartFormDataContent Form(
        byte[]? audio, string? title = "A Song", byte[]? image = null, string? albumId = null, string? artistIds = null)
    {
        var form = new MultipartFormDataContent();
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", "../../evil name.txt");
        }

        if (image is not null)
        {
            var picture = new ByteArrayContent(image);
            picture.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(picture, "image", "cover.jpg");
        }

        foreach (var (name, value) in new[] { ("title", title), ("album_id", albumId), ("artist_ids", artistIds) })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, MultipartFormDataContent form) =>
        client.PostAsync("/songs/upload", form);

    public static async Task<SongResponse> UploadSongAsync(
        this HttpClient client, string title = "A Song", byte[]? image = null, string? albumId = null, string? artistIds = null)
    {
        var response = await client.UploadAsync(Form(ThreeSeconds, title, image, albumId, artistIds));
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<SongResponse>())!;
    }

    public static async Task<AlbumResponse> CreateAlbumAsync(this HttpClient client, string title, int artistId)
    {
        var response = await client.PostAsJsonAsync("/albums", new { title, artist_id = artistId }, Api.Json);
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<AlbumResponse>())!;
    }

    /// <summary>A new artist account: its client and its artist id.</summary>
    public static async Task<(HttpClient Client, int ArtistId)> NewArtistAsync(this RadioApp app, string? name = null)
    {
        var auth = await app.CreateClient().RegisterAsync(artistName: name ?? Api.UniqueName("Artist"));
        return (app.CreateClient(auth.Token), auth.User.ArtistId!.Value);
    }

    public static async Task<HttpClient> AdminAsync(this RadioApp app)
    {
        var auth = await app.CreateClient().LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword);
        return app.CreateClient(auth.Token);
    }

    public static async Task<HttpClient> ListenerAsync(this RadioApp app)
    {
        var auth = await app.CreateClient().RegisterAsync();
        return app.CreateClient(auth.Token);
    }

    /// <summary>Media files (committed or draft) and song rows: what a rejected upload must not change.</summary>
    public static async Task<(int Files, int Rows)> StoredAsync(this RadioApp app)
    {
        var media = Path.Combine(app.DataDirectory, "media");
        // the media store discards a request's drafts when the request's scope ends, just after its answer is sent
        for (var waited = 0; Directory.Exists(media) && Directory.EnumerateFiles(media, "*.part").Any() && waited < 5000; waited += 20)
        {
            await Task.Delay(20);
        }

        var files = Directory.Exists(media) ? Directory.GetFiles(media, "*", SearchOption.AllDirectories).Length : 0;
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs.CountAsync();
        return (files, rows);
    }
}
