using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Events;

public sealed class LiveEventsOpenApiTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task The_openapi_document_describes_the_event_stream_and_its_503()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var responses = document.GetProperty("paths").GetProperty("/radio/events").GetProperty("get").GetProperty("responses");
        responses.GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _).Should().BeTrue();
        responses.GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();
    }
}
