using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>Calls of the contract, written once for every test class.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string UniqueName(string prefix = "user") => $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<AuthResponse> RegisterAsync(
        this HttpClient client, string? username = null, string password = "password123", string? artistName = null)
    {
        var response = await client.PostAsJsonAsync(
            "/auth/register", new { username = username ?? UniqueName(), password, artist_name = artistName }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuthResponse>(Json))!;
    }

    public static async Task<AuthResponse> LoginAsync(this HttpClient client, string username, string password)
    {
        var response = await client.PostAsJsonAsync("/auth/login", new { username, password }, Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuthResponse>(Json))!;
    }

    /// <summary>
    /// <c>GET /health/ready</c> until it answers 200 or <paramref name="seconds"/> pass: a server is not ready until its
    /// search index has loaded, which it does in the background just after start.
    /// </summary>
    public static async Task<HttpResponseMessage> GetReadyAsync(this HttpClient client, int seconds = 10)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode || waited.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50);
        }
    }

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>(Json);

    /// <summary>Asserts the response is a problem document with the given status and returns it.</summary>
    public static async Task<ValidationProblemDetails> ShouldBeProblemAsync(this HttpResponseMessage response, int status)
    {
        ((int)response.StatusCode).Should().Be(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json))!;
        problem.Status.Should().Be(status);
        problem.Title.Should().NotBeNullOrWhiteSpace();
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>
    /// Asserts a JSON element is the contract's Song object: every field of the seed note and API.md, by its wire
    /// name and JSON kind, with <c>album_id</c> and <c>album_title</c> present (null for a song without album).
    /// </summary>
    public static void ShouldBeSongObject(this JsonElement song, bool withAlbum)
    {
        song.ValueKind.Should().Be(JsonValueKind.Object);
        song.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Number);
        song.GetProperty("title").ValueKind.Should().Be(JsonValueKind.String);
        song.GetProperty("album_id").ValueKind.Should().Be(withAlbum ? JsonValueKind.Number : JsonValueKind.Null);
        song.GetProperty("album_title").ValueKind.Should().Be(withAlbum ? JsonValueKind.String : JsonValueKind.Null);
        song.GetProperty("artist_ids").ValueKind.Should().Be(JsonValueKind.Array);
        song.GetProperty("artist_ids").EnumerateArray().Should().NotBeEmpty().And.OnlyContain(i => i.ValueKind == JsonValueKind.Number);
        song.GetProperty("artist_names").ValueKind.Should().Be(JsonValueKind.String);
        song.GetProperty("has_image").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
        song.GetProperty("duration_seconds").ValueKind.Should().Be(JsonValueKind.Number);
        song.GetProperty("station_ready").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
    }
}
