using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Statistics;

/// <summary>Each test runs its own server, started on the test clock where the test needs it.</summary>
public sealed class SessionRecordingTests
{
    [Fact]
    public async Task An_ended_session_is_recorded_with_its_start_end_credit_and_listener_id()
    {
        using var app = new StatsApp();
        var start = app.StartAt(TimeSpan.FromHours(9));
        var listener = await app.UserAsync();
        var before = app.RecordedSessions().Count;
        await app.ListenAsync(listener, 90);

        app.RecordedSessions().Should().HaveCount(before, "the session has not ended yet");
        await app.EndSessionsAsync();

        var recorded = app.RecordedSessions().Skip(before).Should().ContainSingle().Subject;
        recorded.ListenerId.Should().StartWith("user:");
        recorded.StartedAt.Should().Be(start);
        recorded.EndedAt.Should().Be(start.AddSeconds(90), "a session ends at its last heartbeat");
        recorded.CreditedSeconds.Should().Be(90);
    }

    [Fact]
    public void A_recorded_session_holds_no_address_and_no_user_agent()
    {
        using var app = new StatsApp();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();

        var columns = db.Model.FindEntityType(typeof(RecordedSession))!.GetProperties().Select(p => p.Name);

        columns.Should().BeEquivalentTo(["Id", "ListenerId", "StartedAt", "EndedAt", "CreditedSeconds"]);
    }

    [Fact]
    public async Task A_heartbeat_after_the_timeout_records_the_ended_session_and_starts_a_new_one()
    {
        using var app = new StatsApp();
        var start = app.StartAt(TimeSpan.FromHours(9));
        var listener = await app.UserAsync();
        var before = app.RecordedSessions().Count;
        await app.ListenAsync(listener, 30);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        await app.ListenAsync(listener, 15); // this heartbeat or housekeeping ends the first session: recorded once either way
        await app.EndSessionsAsync();

        app.RecordedSessions().Skip(before).Select(s => (s.StartedAt, s.EndedAt)).Should().Equal(
            (start, start.AddSeconds(30)), (start.AddSeconds(91), start.AddSeconds(106)));
    }

    [Fact]
    public async Task Session_lengths_fall_in_buckets_by_their_lower_bound()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(3));
        foreach (var seconds in new[] { 0, 59, 60, 299, 300, 899, 900 })
        {
            await app.ListenAsync(app.CreateClient(), seconds);
        }

        await app.EndSessionsAsync();

        var hour = (await (await app.AdminAsync()).StatsAsync(StatsApi.Day(day, "hour")))[3];
        hour.SessionLengths.Should().Equal(new Dictionary<string, long>
        {
            ["<1m"] = 2, ["1-5m"] = 2, ["5-15m"] = 2, ["15-30m"] = 1, ["30-60m"] = 0, ["1-2h"] = 0, [">2h"] = 0,
        });
        hour.SessionLengths.Keys.Should().Equal("<1m", "1-5m", "5-15m", "15-30m", "30-60m", "1-2h", ">2h");
        hour.Sessions.Should().Be(7);
        hour.ListeningSeconds.Should().Be(0 + 59 + 60 + 299 + 300 + 899 + 900);
        hour.AverageSessionSeconds.Should().Be(Math.Round((0 + 59 + 60 + 299 + 300 + 899 + 900) / 7.0, 1));
    }

    [Fact]
    public async Task Sessions_of_an_hour_or_more_fall_in_the_hour_buckets()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(1));
        foreach (var seconds in new[] { 3599, 3600, 7199, 7200 })
        {
            await app.ListenAsync(app.CreateClient(), seconds, every: 55);
        }

        await app.EndSessionsAsync();

        var stats = (await (await app.AdminAsync()).StatsAsync(StatsApi.Day(day, "day"))).Single();
        stats.SessionLengths.Values.Should().Equal([0, 0, 0, 0, 1, 2, 1], "3599 s is 30-60m, 3600 s and 7199 s are 1-2h, 7200 s is >2h");
    }

    [Fact]
    public async Task Unique_listeners_count_each_anonymous_and_signed_in_listener_once()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(10));
        var user = await app.UserAsync();
        var tokenListener = await app.AnonymousTokenAsync();
        var cookieListener = app.CreateClient(); // no token: the server's cookie names it
        foreach (var listener in new[] { user, tokenListener, cookieListener })
        {
            await app.ListenAsync(listener, 30);
        }

        await app.EndSessionsAsync();
        // second sessions, written in another batch: the listeners are still counted once
        foreach (var listener in new[] { user, tokenListener, cookieListener })
        {
            await app.ListenAsync(listener, 30);
        }

        await app.EndSessionsAsync();

        var admin = await app.AdminAsync();
        var hour = (await admin.StatsAsync(StatsApi.Day(day, "hour")))[10];
        hour.Sessions.Should().Be(6);
        hour.UniqueListeners.Should().Be(3);
        (await admin.StatsAsync(StatsApi.Day(day, "day"))).Single().UniqueListeners.Should().Be(3);
    }

    [Fact]
    public async Task A_session_counts_whole_in_the_UTC_hour_and_day_it_started()
    {
        using var app = new StatsApp();
        var midnight = app.StartAt(new TimeSpan(23, 59, 0)).AddMinutes(1);
        await app.ListenAsync(app.CreateClient(), 120); // 23:59 to 00:01
        await app.ListenAsync(app.CreateClient(), 30); // starts at 00:01, the next day
        await app.EndSessionsAsync();
        var admin = await app.AdminAsync();

        var hours = await admin.StatsAsync(
            $"?interval=hour&from={StatsApi.Stamp(midnight.UtcDateTime.AddHours(-2))}&to={StatsApi.Stamp(midnight.UtcDateTime.AddHours(2))}");
        var days = await admin.StatsAsync(
            $"?interval=day&from={StatsApi.Stamp(midnight.UtcDateTime.AddDays(-1))}&to={StatsApi.Stamp(midnight.UtcDateTime.AddDays(1))}");

        hours.Select(h => (h.Start, h.Sessions, h.ListeningSeconds)).Should().Equal(
            (midnight.AddHours(-2), 0L, 0L), (midnight.AddHours(-1), 1L, 120L), (midnight, 1L, 30L), (midnight.AddHours(1), 0L, 0L));
        days.Select(d => (d.Start, d.Sessions)).Should().Equal((midnight.AddDays(-1), 1L), (midnight, 1L));
    }

    [Fact]
    public async Task Intervals_are_UTC_whatever_offset_the_range_is_given_in()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(1));
        await app.ListenAsync(app.CreateClient(), 30);
        await app.EndSessionsAsync();
        var fromAtPlusTwo = Uri.EscapeDataString(day.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        var days = await (await app.AdminAsync()).StatsAsync($"?interval=day&from={fromAtPlusTwo}&to={StatsApi.Stamp(day.UtcDateTime.AddHours(1))}");

        days.Should().ContainSingle().Which.Start.Should().Be(day.AddHours(-1), "03:00+02:00 is on the UTC day that starts at midnight UTC");
        days[0].Sessions.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_write_keeps_its_sessions_and_writes_them_once_at_the_next()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(8));
        await app.ListenAsync(app.CreateClient(), 30);
        await app.ListenAsync(await app.UserAsync(), 45);
        app.EndSessionsWithoutWriting();
        app.Execute("ALTER TABLE listening_sessions RENAME TO listening_sessions_away"); // the rollups write, the raw rows fail

        var failed = await app.Recorder.TryWriteAsync(CancellationToken.None);
        app.Execute("ALTER TABLE listening_sessions_away RENAME TO listening_sessions");
        var retried = await app.Recorder.TryWriteAsync(CancellationToken.None);

        failed.Should().BeFalse();
        retried.Should().BeTrue();
        app.RecordedSessions().Should().HaveCount(2);
        var stats = (await (await app.AdminAsync()).StatsAsync(StatsApi.Day(day, "day"))).Single();
        stats.Sessions.Should().Be(2, "the failed transaction left nothing behind, so nothing is counted twice");
        stats.UniqueListeners.Should().Be(2);
        stats.ListeningSeconds.Should().Be(75);
    }

    [Fact]
    public async Task Stopping_writes_the_ended_sessions_still_buffered()
    {
        using var app = new StatsApp();
        app.StartAt(TimeSpan.FromHours(8));
        await app.ListenAsync(app.CreateClient(), 30);
        app.EndSessionsWithoutWriting();
        app.RecordedSessions().Should().BeEmpty("no write ran yet");

        await app.Recorder.StopAsync(CancellationToken.None); // what a graceful shutdown runs

        app.RecordedSessions().Should().ContainSingle();
    }

    [Fact]
    public async Task A_graceful_shutdown_records_the_sessions_still_live_since_in_memory_they_end_with_the_process()
    {
        using var app = new StatsApp();
        var start = app.StartAt(TimeSpan.FromHours(7));
        await app.ListenAsync(await app.UserAsync(), 45);
        app.RecordedSessions().Should().BeEmpty("the session is live");

        // what the host runs at a graceful shutdown: hosted services stopped in reverse order of registration
        var hosted = app.Services.GetServices<IHostedService>().ToList();
        var housekeeping = hosted.FindIndex(s => s is ListeningHousekeeping);
        var recorder = hosted.FindIndex(s => s is SessionRecorder);
        recorder.Should().BeLessThan(housekeeping, "the recorder must stop after the housekeeping that ends the sessions");
        await hosted[housekeeping].StopAsync(CancellationToken.None);
        await hosted[recorder].StopAsync(CancellationToken.None);

        var recorded = app.RecordedSessions().Should().ContainSingle().Subject;
        recorded.StartedAt.Should().Be(start);
        recorded.EndedAt.Should().Be(start.AddSeconds(45), "it ends at its last heartbeat");
        recorded.CreditedSeconds.Should().Be(45);
    }

    [Fact]
    public async Task Past_the_buffer_limit_ended_sessions_are_dropped_and_counted_until_a_write_makes_room()
    {
        using var app = new StatsApp(new Dictionary<string, string> { ["Radio:Statistics:MaxBuffered"] = "2" });
        app.StartAt(TimeSpan.FromHours(8));
        using var dropped = new ServerCounter(app.Services, "radio.statistics.dropped_sessions");
        app.Execute("ALTER TABLE listening_sessions RENAME TO listening_sessions_away"); // the database is down for the raw rows
        foreach (var seconds in new[] { 30, 40, 50 })
        {
            await app.ListenAsync(app.CreateClient(), seconds);
        }

        app.EndSessionsWithoutWriting();
        var failed = await app.Recorder.TryWriteAsync(CancellationToken.None);
        await app.ListenAsync(app.CreateClient(), 60);
        app.EndSessionsWithoutWriting();
        app.Execute("ALTER TABLE listening_sessions_away RENAME TO listening_sessions");
        var written = await app.Recorder.TryWriteAsync(CancellationToken.None);
        await app.ListenAsync(app.CreateClient(), 70);
        await app.EndSessionsAsync();

        failed.Should().BeFalse();
        written.Should().BeTrue();
        dropped.Sum.Should().Be(2, "the third session and the one that ended while the failed batch still filled the buffer");
        app.RecordedSessions().Should().HaveCount(3);
        app.RecordedSessions().Should().Contain(s => s.CreditedSeconds == 70, "a written batch frees its room for the sessions after it");
    }
}
