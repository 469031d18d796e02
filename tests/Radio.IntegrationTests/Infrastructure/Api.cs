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
}
