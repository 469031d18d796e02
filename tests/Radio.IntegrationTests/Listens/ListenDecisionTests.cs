using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Listens;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Listening;

namespace Radio.IntegrationTests.Listens;

/// <summary>Listens decided from heartbeats against the stored schedule: a 100 s song, so a listen takes 50 s of credit.</summary>
public sealed class ListenDecisionTests(HundredSecondSongApp app) : IClassFixture<HundredSecondSongApp>
{
    [Fact]
    public async Task Credit_of_exactly_half_the_song_while_it_played_is_a_listen_at_the_plays_start()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(25);
        await listener.PlayAsync(25);

        await app.FlushEverythingAsync();

        var listen = (await listener.ListensAsync()).Should().ContainSingle().Subject;
        listen.Song.Should().Be(new ListenSong(app.SongId, app.Title));
        listen.ListenedAt.Should().Be(play);
        listen.CreditedSeconds.Should().Be(50);
    }

    [Fact]
    public async Task Credit_just_under_half_is_no_listen_even_when_the_listener_goes_on_into_the_next_play()
    {
        await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(50.5)); // the first 50.5 s of the play pass unheard
        await listener.ConnectAsync();
        await listener.PlayAsync(25);
        await listener.PlayAsync(24.5); // 49.5 s of this play, which then ends

        await listener.PlayAsync(20);
        await app.FlushEverythingAsync();

        (await listener.ListensAsync()).Should().BeEmpty("49.5 s is under half of the first play and 20 s under half of the next");
    }

    [Fact]
    public async Task A_session_spanning_two_songs_gives_each_play_the_credit_of_its_own_air_time()
    {
        var first = await app.NextPlayAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(45));
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        foreach (var _ in Enumerable.Range(0, 6))
        {
            await listener.PlayAsync(20); // 45 s → 165 s into the first play: 55 s of it, then 65 s of the second
        }

        await app.FlushEverythingAsync();

        var listens = await listener.ListensAsync();
        listens.Select(l => (l.ListenedAt, l.CreditedSeconds)).Should().Equal(
            [(first.AddSeconds(100), 65d), (first, 55d)],
            "newest first; the beat at 105 s gave the first play 15 s (to 55 s, a listen) and the second 5 s; " +
            "credited_seconds is the credit when the listen was decided");
    }

    [Fact]
    public async Task A_reconnect_mid_song_keeps_the_credit_of_the_play_earned_before_it()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(20);
        app.Clock.Advance(TimeSpan.FromSeconds(10)); // the player reloads

        await listener.ConnectAsync(); // a new connection: nothing played on it yet
        await listener.PlayAsync(20);
        await listener.PlayAsync(10);
        await app.FlushEverythingAsync();

        var listen = (await listener.ListensAsync()).Should().ContainSingle().Subject;
        listen.ListenedAt.Should().Be(play);
        listen.CreditedSeconds.Should().Be(50, "20 s before the reconnect and 30 s after it");
    }

    [Fact]
    public async Task A_play_is_a_listen_once_however_long_it_is_heard_and_however_often_the_flush_runs()
    {
        var play = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await listener.PlayAsync(20);
            await app.FlushDueAsync();
            await app.FlushEverythingAsync();
        }

        var listens = await app.StoredListensAsync(listener.UserId);

        listens.Should().ContainSingle().Which.ListenedAt.Should().Be(play);
        listens[0].CreditedSeconds.Should().Be(60, "decided at the beat that passed 50 s; later credit does not change it");
    }

    [Fact]
    public async Task A_flush_retried_after_a_commit_it_could_not_confirm_stores_a_listen_once()
    {
        await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        await listener.PlayAsync(25);
        await listener.PlayAsync(25);
        var pending = app.Services.GetRequiredService<Radio.Infrastructure.Listens.InMemoryPlayCredits>().Pending();
        var stored = app.Services.GetRequiredService<StoredTotals>();

        // the same batch twice, as when the first commit went through but its answer was lost
        await stored.IncrementAsync(new FlushBatch([], [], pending, []), CancellationToken.None);
        await stored.IncrementAsync(new FlushBatch([], [], pending, []), CancellationToken.None);
        await app.FlushEverythingAsync();

        (await app.StoredListensAsync(listener.UserId)).Should().ContainSingle();
    }

    [Fact]
    public async Task Anonymous_listeners_earn_no_listens()
    {
        await app.NextPlayAsync();
        var before = (await app.StoredListensAsync()).Count;
        var anonymous = new Listener(app, app.CreateClient(), 0);
        await anonymous.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PlayAsync(20);
        }

        await app.FlushEverythingAsync();

        (await app.StoredListensAsync()).Should().HaveCount(before);
    }

    [Fact]
    public async Task Listens_are_paged_newest_first_and_a_bad_page_is_a_400()
    {
        var first = await app.NextPlayAsync();
        var listener = await app.NewListenerAsync();
        await listener.ConnectAsync();
        for (var i = 0; i < 15; i++)
        {
            await listener.PlayAsync(20); // three whole plays
        }

        await app.FlushEverythingAsync();

        (await listener.ListensAsync("?limit=2")).Select(l => l.ListenedAt).Should().Equal(first.AddSeconds(200), first.AddSeconds(100));
        (await listener.ListensAsync("?limit=2&offset=2")).Select(l => l.ListenedAt).Should().Equal(first);
        await (await listener.Client.GetAsync("/users/me/listens?limit=0")).ShouldBeProblemAsync(400);
        await (await listener.Client.GetAsync("/users/me/listens/export?limit=1001")).ShouldBeProblemAsync(400);
    }

    [Theory]
    [InlineData("/users/me/listens?limit=201", "limit")]
    [InlineData("/users/me/listens?limit=ten", "limit")]
    [InlineData("/users/me/listens?offset=-1", "offset")]
    [InlineData("/users/me/listens/export?limit=0", "limit")]
    [InlineData("/users/me/listens/export?offset=-1", "offset")]
    public async Task A_page_out_of_range_on_either_listen_endpoint_is_a_400_naming_it(string path, string field)
    {
        var listener = await app.NewListenerAsync();

        (await (await listener.Client.GetAsync(path)).ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Without_a_limit_the_listens_come_50_a_page_and_the_export_1000()
    {
        var listener = await app.NewListenerAsync();
        await StoreListensAsync(listener.UserId, 1001);

        (await listener.ListensAsync()).Should().HaveCount(50, "lists are paged 50 at a time by default");
        (await listener.ListensAsync("?limit=200")).Should().HaveCount(200);
        using var export = JsonDocument.Parse(await listener.Client.GetStringAsync("/users/me/listens/export"));
        export.RootElement.GetArrayLength().Should().Be(1000, "a page of the export is one whole ListenBrainz submission");
        export.RootElement[0].GetProperty("listened_at").GetInt64().Should().Be(ListeningApp.Start.AddHours(1001).ToUnixTimeSeconds(), "newest first");
        using var rest = JsonDocument.Parse(await listener.Client.GetStringAsync("/users/me/listens/export?offset=1000"));
        rest.RootElement.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task An_artist_and_an_admin_are_signed_in_and_read_their_listens()
    {
        var artist = app.CreateClient((await app.CreateClient().RegisterAsync(artistName: Api.UniqueName("artist"))).Token);
        var admin = app.CreateClient((await app.CreateClient().LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword)).Token);

        foreach (var client in new[] { artist, admin })
        {
            foreach (var path in new[] { "/users/me/listens", "/users/me/listens/export" })
            {
                (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }
    }

    [Fact]
    public async Task An_anonymous_token_gets_403_and_no_token_401_on_both_listen_endpoints()
    {
        var token = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<Radio.Web.Accounts.AnonymousResponse>())!.Token;
        var anonymous = app.CreateClient(token);

        foreach (var path in new[] { "/users/me/listens", "/users/me/listens/export" })
        {
            (await anonymous.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await app.CreateClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>Stores listens as a flush would, one an hour apart, so a test can page through many.</summary>
    private async Task StoreListensAsync(int userId, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        db.Set<Listen>().AddRange(Enumerable.Range(1, count).Select(i =>
            Listen.Restore(userId, 1_000_000 + i, app.SongId, ListeningApp.Start.AddHours(i), 50)));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_openapi_document_lists_both_listen_endpoints()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");

        document.Should().Contain("\"/users/me/listens\"").And.Contain("\"/users/me/listens/export\"");
    }
}
