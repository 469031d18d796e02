using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Station;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;

namespace Radio.IntegrationTests.Station.Requests;

/// <summary>What requests do to the stored programme; each test has a server of its own.</summary>
public abstract class RequestScheduleTests(TestDatabase database)
{
    public sealed class OnSqlite() : RequestScheduleTests(TestDatabase.Sqlite);

    public sealed class OnPostgreSql() : RequestScheduleTests(TestDatabase.PostgreSql);

    private static readonly TimeSpan OneSong = TimeSpan.FromSeconds(RequestsApp.SongSeconds);

    [Fact]
    public async Task Two_requests_play_next_in_order_then_the_shuffle_finishes_the_round_without_repeating_them()
    {
        await using var app = new OwnRequestsApp(songs: 8) { Database = database };
        await app.InitializeAsync();
        var client = app.CreateClient();
        var first = (await client.NowPlayingAsync()).Song!.Id;
        var a = (await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0])).Song.Id;
        var b = (await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0])).Song.Id;

        var now = await client.NowPlayingAsync();
        (await client.PendingAsync()).Select(r => r.Song.Id).Should().Equal([a, b], "the queue is in play order");
        now.Song!.Id.Should().Be(first, "the song on the air plays on");
        now.Next.Select(s => s.Id).Should().HaveCount(3).And.StartWith([a, b]);

        var plays = new List<int> { first };
        for (var i = 0; i < 8; i++)
        {
            await app.AdvanceAsync(OneSong);
            plays.Add((await client.NowPlayingAsync()).Song!.Id);
        }

        plays.Take(3).Should().Equal(first, a, b);
        plays.Take(8).Should().BeEquivalentTo(app.Library, "the round still plays the whole library once, requests included");
        plays[8].Should().NotBe(plays[7], "the song just played never starts the next round");
    }

    [Fact]
    public async Task Now_playing_names_the_requester_while_a_requested_song_plays_and_null_otherwise()
    {
        await using var app = new OwnRequestsApp { Database = database };
        await app.InitializeAsync();
        var client = app.CreateClient();
        var (listener, username) = await app.NewListenerAsync();
        var request = await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);

        using (var before = await (await client.GetAsync("/radio/now-playing")).JsonAsync())
        {
            before.RootElement.GetProperty("requested_by").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        }

        await app.AdvanceAsync(OneSong);
        var playing = await client.NowPlayingAsync();
        await app.AdvanceAsync(OneSong);
        var after = await client.NowPlayingAsync();

        playing.Song!.Id.Should().Be(request.Song.Id);
        playing.RequestedBy.Should().Be(username);
        (await client.PendingAsync()).Should().NotContain(r => r.Id == request.Id, "a request that has started is no longer waiting");
        after.RequestedBy.Should().BeNull();
    }

    [Fact]
    public async Task A_requested_song_deleted_before_it_plays_leaves_the_queue_and_the_next_request_moves_up()
    {
        await using var app = new OwnRequestsApp { Database = database };
        await app.InitializeAsync();
        var client = app.CreateClient();
        var doomed = await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);
        var kept = await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);

        (await (await app.AdminAsync()).DeleteAsync($"/songs/{doomed.Song.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await client.PendingAsync()).Select(r => r.Id).Should().Equal(kept.Id);
        (await client.NowPlayingAsync()).Next[0].Id.Should().Be(kept.Song.Id);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        (await db.Set<SongRequest>().AnyAsync(r => r.Id == doomed.Id)).Should().BeFalse("the request goes with its song");
        (await db.Set<ScheduleEntry>().AnyAsync(e => e.SongId == doomed.Song.Id && e.StartsAt > app.Clock.GetUtcNow()))
            .Should().BeFalse("its entry left the schedule");
    }

    [Fact]
    public async Task A_withdrawn_request_leaves_the_schedule_and_the_next_request_moves_up()
    {
        await using var app = new OwnRequestsApp { Database = database };
        await app.InitializeAsync();
        var client = app.CreateClient();
        var (owner, _) = await app.NewListenerAsync();
        var withdrawn = await owner.RequestOkAsync((await app.FreeSongsAsync())[0]);
        var kept = await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);

        (await owner.DeleteAsync($"/radio/requests/{withdrawn.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var now = await client.NowPlayingAsync();
        (await client.PendingAsync()).Select(r => r.Id).Should().Equal(kept.Id);
        now.Next[0].Id.Should().Be(kept.Song.Id);
        now.Next.Skip(1).Should().NotContain(s => s.Id == kept.Song.Id, "the shuffle does not draw the requested song again");
    }

    [Fact]
    public async Task Past_max_pending_waiting_requests_a_request_is_a_409_until_one_has_played()
    {
        await using var app = new OwnRequestsApp(10, new Dictionary<string, string> { ["Radio:Requests:MaxPending"] = "2" })
        {
            Database = database,
        };
        await app.InitializeAsync();
        await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);
        await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);
        var (late, _) = await app.NewListenerAsync();

        var problem = await (await late.RequestAsync((await app.FreeSongsAsync())[0])).ShouldBeProblemAsync(409);
        await app.AdvanceAsync(OneSong); // the first request starts: one is waiting now

        problem.Detail.Should().Contain("queue is full").And.Contain("2 requests");
        await late.RequestOkAsync((await app.FreeSongsAsync())[0]);
    }

    [Fact]
    public async Task A_request_made_just_before_a_song_change_plays_after_the_song_about_to_start()
    {
        await using var app = new OwnRequestsApp { Database = database };
        await app.InitializeAsync();
        var client = app.CreateClient();
        var comingUp = (await client.NowPlayingAsync()).Next[0].Id;
        await app.AdvanceAsync(OneSong - TimeSpan.FromSeconds(1)); // the producer may already be opening the next song

        var request = await (await app.NewListenerAsync()).Client.RequestOkAsync((await app.FreeSongsAsync())[0]);

        (await client.NowPlayingAsync()).Next.Select(s => s.Id).Should().StartWith([comingUp, request.Song.Id]);
    }
}
