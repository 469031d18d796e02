using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;
using Serilog.Events;

namespace Radio.IntegrationTests.Station;

public sealed class EmptyStationOverKestrelTests(KestrelRadioApp app) : IClassFixture<KestrelRadioApp>
{
    [Fact]
    public async Task With_an_empty_library_the_stream_is_a_503_problem_from_the_pipeline_behind_the_transport()
    {
        var response = await app.CreateClient().GetAsync("/radio/stream");

        var problem = await response.ShouldBeProblemAsync(503);
        problem.Title.Should().Be("Service unavailable");
        problem.Detail.Should().Be("The station is off the air: the library has no songs yet.");
        response.Headers.CacheControl!.NoStore.Should().BeTrue("an answer that changes with the library is not cached");
    }

    [Fact]
    public async Task The_off_air_503_is_logged_as_one_request_event()
    {
        (await app.CreateClient().GetAsync("/radio/stream")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        for (var attempt = 0; attempt < 50 && !app.Logs.Events.Any(IsOffAirEvent); attempt++)
        {
            await Task.Delay(100); // the event is written as the response completes, which may be just after the client has it
        }

        var logged = app.Logs.Events.First(IsOffAirEvent);
        logged.Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        logged.Properties.Should().ContainKey("Elapsed");

        static bool IsOffAirEvent(LogEvent e) =>
            e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/radio/stream\""
            && e.Properties["StatusCode"].ToString() == "503";
    }

    [Fact]
    public async Task The_openapi_document_describes_the_stream_and_its_503_problem()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var get = document.RootElement.GetProperty("paths").GetProperty("/radio/stream").GetProperty("get");
        get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("audio/mpeg", out _).Should().BeTrue();
        get.GetProperty("responses").GetProperty("503").GetProperty("content").GetProperty("application/problem+json")
            .GetProperty("schema").GetProperty("$ref").GetString().Should().EndWith("/ProblemDetails");
        get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain("Icy-MetaData");
        get.GetProperty("summary").GetString().Should().Contain("audio/mpeg");
    }

    [Fact]
    public async Task Other_requests_pass_through_the_transport_untouched()
    {
        using var client = app.CreateClient();
        var anonymous = await client.PostAsync("/auth/anonymous", null);
        var missing = await client.GetAsync("/songs/999");

        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        await missing.ShouldBeProblemAsync(404);
    }
}

/// <summary>The empty library's stream 503 is tested through the real transport, above.</summary>
public sealed class EmptyStationTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task With_an_empty_library_nothing_is_playing()
    {
        var response = await app.CreateClient().GetAsync("/radio/now-playing");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json.RootElement.GetProperty("song").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("next").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Listeners_counts_the_live_listening_sessions()
    {
        var client = app.CreateClient();
        var anonymous = (await (await client.PostAsync("/auth/anonymous", null)).ReadAsync<Radio.Web.Accounts.AnonymousResponse>())!;
        var beat = await app.CreateClient(anonymous.Token).PostAsJsonAsync(
            "/api/heartbeat", new { connect_time = TimeProvider.System.GetUtcNow(), played_seconds = 5 }, Api.Json);
        beat.StatusCode.Should().Be(HttpStatusCode.OK);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/radio/now-playing"));

        json.RootElement.GetProperty("listeners").GetInt32().Should().Be(1);
    }
}
