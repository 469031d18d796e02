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
        var response = await _client.GetAsync(path);

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
