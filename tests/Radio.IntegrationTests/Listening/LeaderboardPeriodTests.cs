using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Listening;

namespace Radio.IntegrationTests.Listening;

/// <summary>
/// API.md, Statistics: leaderboard periods rank the credit stored per UTC day; weeks start on Monday. Each test has a
/// server of its own, its clock at <see cref="ListeningApp.Start"/> (Sunday 1 February 2026, noon).
/// </summary>
public sealed class LeaderboardPeriodTests
{
    [Fact]
    public async Task Credit_across_midnight_lands_in_each_day_and_a_week_starts_on_Monday()
    {
        await using var app = new ListeningApp();
        app.Clock.Advance(new DateTimeOffset(2026, 2, 1, 23, 59, 20, TimeSpan.Zero) - app.Clock.GetUtcNow());
        var late = await NewListenerAsync(app);
        var lateConnect = app.Clock.GetUtcNow();
        await late.HeartbeatAsync(lateConnect, 0);
        var early = await NewListenerAsync(app);
        for (var played = 20; played <= 60; played += 20)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(20));
            await late.HeartbeatAsync(lateConnect, played); // 23:59:20 → 00:00:20: 40 s on Sunday, 20 s on Monday
            if (played == 20)
            {
                await early.HeartbeatAsync(app.Clock.GetUtcNow(), 25); // 23:59:15 → 23:59:40, still pending at midnight
            }
        }

        await app.FlushEverythingAsync(); // at 00:00:20 on Monday
        var (lateId, earlyId) = (await IdAsync(late), await IdAsync(early));

        (await BoardAsync(app, "day")).Select(e => (e.Id, e.PeriodSeconds)).Should().Equal((lateId, 20L));
        (await BoardAsync(app, "week")).Select(e => (e.Id, e.PeriodSeconds)).Should().Equal([(lateId, 20L)], "Monday starts a new week");
        (await BoardAsync(app, "month")).Select(e => (e.Id, e.PeriodSeconds)).Should().Equal(
            [(lateId, 60L), (earlyId, 25L)], "the credit pending at midnight was stored in the day it was earned");
    }

    [Fact]
    public async Task A_month_starts_on_its_first_UTC_day_ties_go_by_id_and_all_is_unchanged()
    {
        await using var app = new ListeningApp();
        app.Clock.Advance(new DateTimeOffset(2026, 2, 28, 23, 59, 40, TimeSpan.Zero) - app.Clock.GetUtcNow());
        var first = await NewListenerAsync(app);
        var second = await NewListenerAsync(app);
        var connect = app.Clock.GetUtcNow();
        await Task.WhenAll(first.HeartbeatAsync(connect, 0), second.HeartbeatAsync(connect, 0));
        for (var played = 20; played <= 40; played += 20)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(20)); // to 1 March 00:00:20: 20 s in February, 20 s in March
            await first.HeartbeatAsync(connect, played);
            await second.HeartbeatAsync(connect, played);
        }

        await app.FlushEverythingAsync();
        var ids = new[] { await IdAsync(first), await IdAsync(second) }.Order().ToList();

        (await BoardAsync(app, "month")).Select(e => (e.Id, e.PeriodSeconds)).Should().Equal((ids[0], 20L), (ids[1], 20L));
        (await BoardAsync(app, "week")).Select(e => e.PeriodSeconds).Should().Equal([40L, 40L], "Sunday 1 March is in the week of Monday 23 February");
        (await BoardAsync(app, "day", limit: 1)).Select(e => e.Id).Should().Equal(ids[0]);
        using var all = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/users/leaderboard"));
        all.RootElement.EnumerateArray().Select(e => e.GetProperty("total_listen_time").GetInt64()).Should().Equal(40, 40);
        all.RootElement[0].TryGetProperty("period_seconds", out _).Should().BeFalse("all answers User objects as before");
    }

    [Fact]
    public async Task A_period_ranks_by_its_own_credit_not_by_id_or_total_and_each_entry_is_a_user_object_plus_period_seconds()
    {
        await using var app = new ListeningApp();
        app.Clock.Advance(new DateTimeOffset(2026, 2, 1, 23, 55, 0, TimeSpan.Zero) - app.Clock.GetUtcNow()); // before the server starts
        var (veteran, newcomer) = (await NewListenerAsync(app), await NewListenerAsync(app));
        await ListenAsync(app, veteran, 120); // Sunday
        await app.FlushEverythingAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(3.5)); // Monday, 00:00:30

        await ListenAsync(app, newcomer, 60);
        await ListenAsync(app, veteran, 20);
        await app.FlushEverythingAsync();

        var (veteranId, newcomerId) = (await IdAsync(veteran), await IdAsync(newcomer));
        veteranId.Should().BeLessThan(newcomerId);
        (await BoardAsync(app, "day")).Select(e => (e.Id, e.PeriodSeconds, e.TotalListenTime)).Should().Equal(
            [(newcomerId, 60L, 60L), (veteranId, 20L, 140L)], "the day's credit ranks, though the veteran has the lower id and the larger total");
        using var board = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/users/leaderboard?period=week"));
        var entry = board.RootElement[0];
        entry.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["id", "username", "role", "total_listen_time", "artist_id", "period_seconds"]);
        entry.GetProperty("role").GetString().Should().Be("user");
        entry.GetProperty("username").GetString().Should().NotBeNullOrEmpty();
        entry.GetProperty("artist_id").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Without_a_limit_a_period_board_holds_10_and_a_limit_of_100_is_allowed()
    {
        await using var app = new ListeningApp();
        for (var i = 0; i < 11; i++)
        {
            await ListenAsync(app, await NewListenerAsync(app), 20 + i);
        }

        await app.FlushEverythingAsync();

        var board = (await app.CreateClient().GetFromJsonAsync<List<LeaderboardEntryResponse>>("/users/leaderboard?period=day", Api.Json))!;
        board.Should().HaveCount(10);
        board.Select(e => e.PeriodSeconds).Should().BeInDescendingOrder().And.NotContain(20L, "the 11th, with the least credit, is left out");
        (await BoardAsync(app, "day", limit: 100)).Should().HaveCount(11);
    }

    [Theory]
    [InlineData("?period=year")]
    [InlineData("?limit=0")]
    [InlineData("?period=week&limit=101")]
    [InlineData("?period=day&limit=ten")]
    public async Task An_unknown_period_or_a_limit_outside_1_to_100_is_a_400(string query)
    {
        await using var app = new ListeningApp();

        await (await app.CreateClient().GetAsync($"/users/leaderboard{query}")).ShouldBeProblemAsync(400);
    }

    private static async Task<HttpClient> NewListenerAsync(ListeningApp app) =>
        app.CreateClient((await app.CreateClient().RegisterAsync()).Token);

    /// <summary>A new connection that plays <paramref name="seconds"/> now, reported in one beat after its first.</summary>
    private static async Task ListenAsync(ListeningApp app, HttpClient listener, int seconds)
    {
        var connect = app.Clock.GetUtcNow();
        await listener.HeartbeatAsync(connect, 0);
        for (var played = 0; played < seconds;)
        {
            var step = Math.Min(20, seconds - played);
            app.Clock.Advance(TimeSpan.FromSeconds(step));
            played += step;
            await listener.HeartbeatAsync(connect, played);
        }
    }

    private static async Task<int> IdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Radio.Web.Accounts.UserResponse>("/users/me", Api.Json))!.Id;

    private static async Task<List<LeaderboardEntryResponse>> BoardAsync(ListeningApp app, string period, int limit = 10) =>
        (await app.CreateClient().GetFromJsonAsync<List<LeaderboardEntryResponse>>(
            $"/users/leaderboard?period={period}&limit={limit}", Api.Json))!;
}
