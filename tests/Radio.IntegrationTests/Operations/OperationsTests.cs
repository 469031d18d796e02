using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Operations;

public sealed class OperationsTests(RadioApp app) : IClassFixture<RadioApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        var response = path == "/health/ready" ? await _client.GetReadyAsync() : await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/auth/register", "/auth/login", "/auth/anonymous", "/users/me"]);
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer")
            .GetProperty("scheme").GetString().Should().Be("bearer");
    }

    [Theory]
    [InlineData("post", "/auth/register")]
    [InlineData("post", "/auth/login")]
    [InlineData("post", "/auth/anonymous")]
    [InlineData("get", "/users/me")]
    [InlineData("get", "/users/leaderboard")]
    [InlineData("post", "/api/heartbeat")]
    [InlineData("get", "/songs")]
    [InlineData("get", "/songs/{id}")]
    [InlineData("post", "/songs/upload")]
    [InlineData("delete", "/songs/{id}")]
    [InlineData("get", "/songs/{id}/image")]
    [InlineData("get", "/songs/{id}/audio")]
    [InlineData("get", "/songs/{id}/tags")]
    [InlineData("put", "/songs/{id}/tags")]
    [InlineData("get", "/tags")]
    [InlineData("post", "/tags/search")]
    [InlineData("get", "/artists")]
    [InlineData("get", "/artists/{id}")]
    [InlineData("get", "/albums")]
    [InlineData("get", "/albums/{id}")]
    [InlineData("post", "/albums")]
    [InlineData("get", "/radio/now-playing")]
    [InlineData("get", "/radio/stream")]
    [InlineData("get", "/radio/history")]
    public async Task The_openapi_document_describes_every_endpoint_of_the_contract(string method, string path)
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        document.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue($"{path} is in the contract");
        item.TryGetProperty(method, out _).Should().BeTrue($"{method} {path} is in the contract");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_without_internals()
    {
        using var content = new StringContent("{\"username\": ", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/auth/register", content);

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors.Should().NotBeEmpty();
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("System.").And.NotContain("Radio.Web");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var content = new StringContent("username=x", Encoding.UTF8, "text/plain");

        var response = await _client.PostAsync("/auth/register", content);

        await response.ShouldBeProblemAsync(415);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await (await _client.GetAsync("/no/such/place")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await (await _client.DeleteAsync("/auth/login")).ShouldBeProblemAsync(405);
    }
}
