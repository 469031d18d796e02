using System.Net.Http.Json;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Accounts;

public sealed class StrictRateLimitApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:RateLimiting:AuthPerMinute"] = "3",
        ["Radio:RateLimiting:AnonymousPerMinute"] = "3",
    };
}

public sealed class RateLimitTests(StrictRateLimitApp app) : IClassFixture<StrictRateLimitApp>
{
    [Fact]
    public async Task Login_and_register_beyond_the_limit_get_429_with_retry_after()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/auth/login", new { username = "nobody", password = "password123" }, Api.Json);
        }

        var response = await client.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = "password123" }, Api.Json);

        await response.ShouldBeProblemAsync(429);
        response.Headers.RetryAfter.Should().NotBeNull();
        response.Headers.RetryAfter!.Delta.Should().BePositive();
    }

    [Fact]
    public async Task Anonymous_tokens_beyond_the_limit_get_429_in_their_own_bucket()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/auth/anonymous", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        }

        await (await client.PostAsync("/auth/anonymous", null)).ShouldBeProblemAsync(429);
    }
}
