using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.Web.Accounts;
using Radio.Web.Library;
using Radio.Web.Station;

namespace Radio.ClusterTests;

/// <summary>The calls of the contract the cluster tests make, on any instance's or nginx's client.</summary>
public static class ClusterApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record Heartbeat(long SessionSeconds, long TotalSeconds);

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<AuthResponse> RegisterAsync(this HttpClient client, string? artistName = null)
    {
        var response = await client.PostAsJsonAsync(
            "/auth/register", new { username = UniqueName("user"), password = "password123", artist_name = artistName }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuthResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostHeartbeatAsync(this HttpClient client, string token, DateTimeOffset connect, double played) =>
        client.SendAsync(HttpMethod.Post, "/api/heartbeat", token,
            JsonContent.Create(new { connect_time = connect, played_seconds = played }, options: Json));

    public static async Task<Heartbeat> HeartbeatAsync(this HttpClient client, string token, DateTimeOffset connect, double played)
    {
        using var response = await client.PostHeartbeatAsync(token, connect, played);
        ((int)response.StatusCode).Should().Be(200, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Heartbeat>(Json))!;
    }

    public static async Task<SongResponse> UploadAsync(this HttpClient client, string token, string title, byte[] audio)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        form.Add(file, "file", "song.mp3");
        form.Add(new StringContent(title), "title");
        using var response = await client.SendAsync(HttpMethod.Post, "/songs/upload", token, form);
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SongResponse>(Json))!;
    }

    public static async Task<NowPlayingResponse> NowPlayingAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<NowPlayingResponse>("/radio/now-playing", Json))!;

    public static async Task<IReadOnlyList<PlayedSongResponse>> HistoryAsync(this HttpClient client, int limit) =>
        (await client.GetFromJsonAsync<List<PlayedSongResponse>>($"/radio/history?limit={limit}", Json))!;

    public static async Task<bool> FindsAsync(this HttpClient client, string title, int songId) =>
        (await client.GetFromJsonAsync<List<SongResponse>>($"/songs?q={Uri.EscapeDataString(title)}", Json))!.Any(s => s.Id == songId);

    /// <summary>Asks <paramref name="condition"/> until it holds or <paramref name="limit"/> passed: how long it took, or null.</summary>
    public static async Task<TimeSpan?> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                return null;
            }

            await Task.Delay(50);
        }

        return clock.Elapsed;
    }
}
