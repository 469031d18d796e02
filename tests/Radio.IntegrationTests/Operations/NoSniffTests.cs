using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Operations;

public sealed class NoSniffTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task A_json_response_says_nosniff()
    {
        using var response = await app.CreateClient().GetAsync("/radio/now-playing");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task A_problem_for_an_unknown_address_says_nosniff()
    {
        using var response = await app.CreateClient().GetAsync("/no/such/thing");

        await response.ShouldBeProblemAsync(404);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task A_problem_from_a_handler_says_nosniff()
    {
        using var response = await app.CreateClient().GetAsync("/songs/999999");

        await response.ShouldBeProblemAsync(404);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }
}

public sealed class StreamNoSniffTests(StationApp app) : IClassFixture<StationApp>
{
    [Fact]
    public async Task The_stream_from_its_socket_says_nosniff()
    {
        var (socket, head) = await app.RequestStreamFromAsync("127.0.0.1");
        using var _ = socket;

        head.Should().StartWith("HTTP/1.1 200 OK").And.Contain("Connection: close").And.Contain("X-Content-Type-Options: nosniff");
    }

    [Fact]
    public async Task The_stream_through_the_pipeline_says_nosniff()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode(); // the stream then reuses a kept-alive connection

        using var response = await client.OpenStreamAsync();

        response.Headers.TransferEncodingChunked.Should().BeTrue("the pipeline served it");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }
}
