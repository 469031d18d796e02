using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;

namespace Radio.IntegrationTests.Station.Requests;

/// <summary>The request rules over HTTP, on one server whose library is large enough for every test's requests.</summary>
public abstract class SongRequestTests(RequestsApp app)
{
    public sealed class OnSqlite(RequestsApp app) : SongRequestTests(app), IClassFixture<RequestsApp>;

    public sealed class OnPostgreSql(PostgresRequestsApp app) : SongRequestTests(app), IClassFixture<PostgresRequestsApp>;

    [Fact]
    public async Task A_request_is_a_201_with_the_request_and_its_location_and_waits_in_the_queue()
    {
        var (listener, username) = await app.NewListenerAsync();
        var song = (await app.FreeSongsAsync())[0];

        var response = await listener.RequestAsync(song);
        using var json = await response.JsonAsync();
        var root = json.RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = root.GetProperty("id").GetInt32();
        response.Headers.Location!.OriginalString.Should().Be($"/radio/requests/{id}");
        root.GetProperty("song").ShouldBeSongObject(withAlbum: false);
        root.GetProperty("song").GetProperty("id").GetInt32().Should().Be(song);
        root.GetProperty("requested_by").GetString().Should().Be(username);
        root.GetProperty("requested_at").GetString().Should().EndWith("Z");
        root.GetProperty("requested_at").GetDateTimeOffset().Should().Be(app.Clock.GetUtcNow());
        (await app.CreateClient().PendingAsync()).Should().Contain(r => r.Id == id && r.Song.Id == song && r.RequestedBy == username);
    }

    [Fact]
    public async Task Requesting_an_unknown_song_is_a_404_problem_and_queues_nothing()
    {
        var (listener, _) = await app.NewListenerAsync();
        var before = await app.CreateClient().PendingAsync();

        await (await listener.RequestAsync(999999)).ShouldBeProblemAsync(404);

        (await app.CreateClient().PendingAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task A_request_without_a_song_id_is_a_400_problem_naming_it()
    {
        var (listener, _) = await app.NewListenerAsync();

        var response = await listener.PostAsJsonAsync("/radio/requests", new { }, Api.Json);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("song_id");
    }

    [Fact]
    public async Task Without_a_token_requesting_and_withdrawing_are_401_problems()
    {
        var client = app.CreateClient();

        await (await client.RequestAsync(app.Library[0])).ShouldBeProblemAsync(401);
        await (await client.DeleteAsync("/radio/requests/1")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task An_anonymous_token_may_not_request_or_withdraw()
    {
        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousToken>())!;
        var client = app.CreateClient(anonymous.Token);

        await (await client.RequestAsync((await app.FreeSongsAsync())[0])).ShouldBeProblemAsync(403);
        await (await client.DeleteAsync("/radio/requests/1")).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task Anyone_may_read_the_queue_and_a_bad_page_is_a_400_problem()
    {
        var client = app.CreateClient();

        var anonymous = (await (await app.CreateClient().PostAsync("/auth/anonymous", null)).ReadAsync<AnonymousToken>())!;

        (await client.GetAsync("/radio/requests")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.CreateClient(anonymous.Token).GetAsync("/radio/requests")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await client.GetAsync("/radio/requests?limit=0")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("limit");
        (await (await client.GetAsync("/radio/requests?limit=201")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("limit");
        (await (await client.GetAsync("/radio/requests?limit=ten")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("limit");
        (await (await client.GetAsync("/radio/requests?offset=-1")).ShouldBeProblemAsync(400)).Errors.Should().ContainKey("offset");
    }

    [Fact]
    public async Task A_song_not_ready_for_the_station_is_a_409_because_it_cannot_play()
    {
        var (listener, _) = await app.NewListenerAsync();
        var notReady = await app.AddSongAsync(LibrarySeed.Word(), [await app.AddArtistAsync(Api.UniqueName("Artist"))]);

        var problem = await (await listener.RequestAsync(notReady)).ShouldBeProblemAsync(409);

        problem.Detail.Should().Contain("not ready for the station");
    }

    [Fact]
    public async Task A_song_already_waiting_is_a_409_saying_so()
    {
        var (first, _) = await app.NewListenerAsync();
        var (second, _) = await app.NewListenerAsync();
        var song = (await app.FreeSongsAsync())[0];
        await first.RequestOkAsync(song);

        var problem = await (await second.RequestAsync(song)).ShouldBeProblemAsync(409);

        problem.Detail.Should().Contain("already requested");
    }

    [Fact]
    public async Task Two_listeners_requesting_one_song_at_once_queue_it_once()
    {
        var listeners = new[] { await app.NewListenerAsync(), await app.NewListenerAsync() };
        var song = (await app.FreeSongsAsync())[0];

        var responses = await Task.WhenAll(listeners.Select(l => l.Client.RequestAsync(song)));

        responses.Select(r => (int)r.StatusCode).Order().Should().Equal(201, 409);
        (await app.CreateClient().PendingAsync()).Should().ContainSingle(r => r.Song.Id == song);
    }

    [Fact]
    public async Task The_song_on_the_air_is_a_409_saying_so()
    {
        var (listener, _) = await app.NewListenerAsync();
        var playing = (await app.CreateClient().NowPlayingAsync()).Song!.Id;

        var problem = await (await listener.RequestAsync(playing)).ShouldBeProblemAsync(409);

        problem.Detail.Should().Contain("on the air now");
    }

    [Fact]
    public async Task A_song_scheduled_within_the_recent_window_is_a_409_saying_so()
    {
        // a server of its own: the other tests' requests, in whatever order they ran, can fill every upcoming slot
        await using var own = new OwnRequestsApp { Database = app.Database };
        await own.InitializeAsync();
        var (listener, _) = await own.NewListenerAsync();
        var scheduled = (await own.CreateClient().NowPlayingAsync()).Next[0].Id;

        var problem = await (await listener.RequestAsync(scheduled)).ShouldBeProblemAsync(409);

        problem.Detail.Should().Contain("played or is scheduled within 60 minutes");
    }

    [Fact]
    public async Task A_song_played_within_the_recent_window_is_a_409_saying_so()
    {
        var (listener, _) = await app.NewListenerAsync();
        var played = (await app.CreateClient().NowPlayingAsync()).Song!.Id;
        await app.AdvanceAsync(TimeSpan.FromSeconds(RequestsApp.SongSeconds)); // it ends; the next song plays

        (await app.CreateClient().NowPlayingAsync()).Song!.Id.Should().NotBe(played);
        var problem = await (await listener.RequestAsync(played)).ShouldBeProblemAsync(409);

        problem.Detail.Should().Contain("played or is scheduled within 60 minutes");
    }

    [Fact]
    public async Task A_second_request_within_the_interval_is_a_429_with_retry_after_and_allowed_after_it()
    {
        var (listener, _) = await app.NewListenerAsync();
        await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);
        await app.AdvanceAsync(TimeSpan.FromMinutes(4));

        var tooSoon = await listener.RequestAsync((await app.FreeSongsAsync())[0]);

        var problem = await tooSoon.ShouldBeProblemAsync(429);
        problem.Detail.Should().Contain("10 minutes");
        tooSoon.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromMinutes(6), "the interval runs from the last request");
        await app.AdvanceAsync(TimeSpan.FromMinutes(6));
        await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);
    }

    [Fact]
    public async Task A_withdrawn_request_still_counts_for_the_interval()
    {
        var (listener, _) = await app.NewListenerAsync();
        var request = await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);
        (await listener.DeleteAsync($"/radio/requests/{request.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await listener.RequestAsync((await app.FreeSongsAsync())[0])).ShouldBeProblemAsync(429);
    }

    [Fact]
    public async Task The_requester_may_withdraw_a_waiting_request_and_it_leaves_the_queue()
    {
        var (listener, _) = await app.NewListenerAsync();
        var request = await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);

        var response = await listener.DeleteAsync($"/radio/requests/{request.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.CreateClient().PendingAsync()).Should().NotContain(r => r.Id == request.Id);
        await (await listener.DeleteAsync($"/radio/requests/{request.Id}")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task An_admin_may_withdraw_anyones_request()
    {
        var (listener, _) = await app.NewListenerAsync();
        var request = await listener.RequestOkAsync((await app.FreeSongsAsync())[0]);

        var response = await (await app.AdminAsync()).DeleteAsync($"/radio/requests/{request.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.CreateClient().PendingAsync()).Should().NotContain(r => r.Id == request.Id);
    }

    [Fact]
    public async Task Another_listener_may_not_withdraw_a_request_and_it_stays()
    {
        var (owner, _) = await app.NewListenerAsync();
        var (other, _) = await app.NewListenerAsync();
        var request = await owner.RequestOkAsync((await app.FreeSongsAsync())[0]);

        await (await other.DeleteAsync($"/radio/requests/{request.Id}")).ShouldBeProblemAsync(403);

        (await app.CreateClient().PendingAsync()).Should().Contain(r => r.Id == request.Id);
    }

    [Fact]
    public async Task Withdrawing_an_unknown_request_is_a_404_problem()
    {
        var (listener, _) = await app.NewListenerAsync();

        await (await listener.DeleteAsync("/radio/requests/999999")).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_request_endpoints()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var post = paths.GetProperty("/radio/requests").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "201", "400", "401", "403", "404", "409", "429" })
        {
            post.TryGetProperty(status, out _).Should().BeTrue("POST /radio/requests answers {0}", status);
        }

        paths.GetProperty("/radio/requests").GetProperty("get").GetProperty("responses").TryGetProperty("200", out _).Should().BeTrue();
        paths.GetProperty("/radio/requests/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _).Should().BeTrue();
    }

    private sealed record AnonymousToken(string Token);
}
