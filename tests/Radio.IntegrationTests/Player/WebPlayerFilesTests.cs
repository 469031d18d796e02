using System.Net;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Player;

/// <summary>The web player's files at <c>/</c>: shipped with the server, cached with revalidation (API.md, Live updates and the web player).</summary>
public sealed class WebPlayerFilesTests(RadioApp app) : IClassFixture<RadioApp>
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_an_ETag_no_cache_and_a_same_origin_policy()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.ETag.Should().NotBeNull();
        response.Headers.CacheControl!.NoCache.Should().BeTrue("the files are not fingerprinted: browsers ask again, cheaply");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("default-src 'self'");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<audio").And.Contain("type=\"module\"").And.NotContain("http://").And.NotContain("https://");
    }

    [Fact]
    public async Task An_unchanged_file_is_answered_304_by_its_ETag()
    {
        using var client = app.CreateClient();
        using var first = await client.GetAsync("/js/main.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/js/main.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.SendAsync(request);

        first.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript", "browsers run modules only with a JavaScript type");
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/js/api.js")]
    [InlineData("/js/player.js")]
    [InlineData("/js/live.js")]
    [InlineData("/js/account.js")]
    [InlineData("/js/library.js")]
    [InlineData("/js/ui.js")]
    [InlineData("/css/player.css")]
    [InlineData("/img/no-art.svg")]
    public async Task Every_part_of_the_page_is_shipped(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_path_is_still_a_problem_document()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/no-such-page");

        await response.ShouldBeProblemAsync(404);
    }
}
