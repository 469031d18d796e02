using System.Net;
using Microsoft.VisualBasic.FileIO;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Statistics;

public sealed class StatsRequestTests(StatsApp shared) : IClassFixture<StatsApp>
{
    [Fact]
    public async Task Without_a_range_the_answer_is_the_last_7_days_by_day()
    {
        using var app = new StatsApp();
        var now = app.StartAt(TimeSpan.FromHours(12));

        var days = await (await app.AdminAsync()).StatsAsync("");

        days.Select(d => d.Start).Should().Equal(
            Enumerable.Range(0, 8).Select(i => now.AddHours(-12).AddDays(i - 7)),
            "from defaults to 7 days before now, and the day holding it is the first");
    }

    [Fact]
    public async Task Only_from_given_runs_to_now_and_only_to_given_starts_7_days_before()
    {
        using var app = new StatsApp();
        var now = app.StartAt(TimeSpan.FromHours(12));
        var admin = await app.AdminAsync();

        var fromOnly = await admin.StatsAsync($"?interval=hour&from={StatsApi.Stamp(now.UtcDateTime.AddHours(-3))}");
        var toOnly = await admin.StatsAsync($"?to={StatsApi.Stamp(now.UtcDateTime.AddDays(-30))}");

        fromOnly.Select(h => h.Start).Should().Equal(now.AddHours(-3), now.AddHours(-2), now.AddHours(-1));
        toOnly.Should().HaveCount(8);
        toOnly[0].Start.Should().Be(now.AddHours(-12).AddDays(-37));
    }

    [Fact]
    public async Task Intervals_nobody_listened_in_are_listed_with_zeros()
    {
        using var app = new StatsApp();
        var now = app.StartAt(TimeSpan.FromHours(12));

        var hour = (await (await app.AdminAsync()).StatsAsync(StatsApi.Day(now, "hour")))[5];

        hour.Should().BeEquivalentTo(new
        {
            ListeningSeconds = 0, UniqueListeners = 0, Sessions = 0, AverageSessionSeconds = 0.0,
        });
        hour.SessionLengths.Values.Should().AllBeEquivalentTo(0L);
    }

    [Fact]
    public async Task A_range_of_366_days_is_answered_and_one_second_more_is_a_400()
    {
        using var app = new StatsApp();
        var now = app.StartAt(TimeSpan.Zero);
        var admin = await app.AdminAsync();
        var to = StatsApi.Stamp(now.UtcDateTime);

        var year = await admin.StatsAsync($"?from={StatsApi.Stamp(now.UtcDateTime.AddDays(-366))}&to={to}");
        var tooLong = await admin.GetAsync(new Uri($"/admin/stats?from={StatsApi.Stamp(now.UtcDateTime.AddDays(-366).AddSeconds(-1))}&to={to}", UriKind.Relative));

        year.Should().HaveCount(366);
        (await tooLong.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("from");
    }

    [Fact]
    public async Task From_after_to_is_a_400()
    {
        using var app = new StatsApp();
        var now = app.StartAt(TimeSpan.Zero);

        var response = await (await app.AdminAsync()).GetAsync(new Uri(
            $"/admin/stats?from={StatsApi.Stamp(now.UtcDateTime)}&to={StatsApi.Stamp(now.UtcDateTime.AddSeconds(-1))}", UriKind.Relative));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("from");
    }

    [Theory]
    [InlineData("?interval=week", "interval")]
    [InlineData("?interval=days", "interval")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-01T00:00:00Z", "to")]
    public async Task A_bad_interval_or_timestamp_is_a_400_naming_it(string query, string field)
    {
        var response = await (await shared.AdminAsync()).GetAsync(new Uri("/admin/stats" + query, UriKind.Relative));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Theory]
    [InlineData("?to=0001-01-01T00:00:00Z", "to")]
    [InlineData("?from=9999-12-30T00:00:00Z&to=9999-12-31T23:59:59Z", "from")]
    [InlineData("?from=1969-12-31T00:00:00Z&to=1970-01-01T00:00:00Z", "from")]
    public async Task A_moment_before_1970_or_from_9999_on_is_a_400_naming_it(string query, string field)
    {
        var response = await (await shared.AdminAsync()).GetAsync(new Uri("/admin/stats" + query, UriKind.Relative));

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task The_last_day_before_9999_is_answered_hour_by_hour()
    {
        var hours = await (await shared.AdminAsync()).StatsAsync("?interval=hour&from=9998-12-31T00:00:00Z&to=9998-12-31T23:59:59Z");

        hours.Should().HaveCount(24);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        var response = await shared.CreateClient().GetAsync(new Uri("/admin/stats", UriKind.Relative));

        await response.ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Users_artists_and_anonymous_listeners_get_403()
    {
        var user = await shared.UserAsync();
        var artist = shared.CreateClient((await shared.CreateClient().RegisterAsync(artistName: Api.UniqueName("artist"))).Token);
        var anonymous = await shared.AnonymousTokenAsync();

        foreach (var client in new[] { user, artist, anonymous })
        {
            await (await client.GetAsync(new Uri("/admin/stats", UriKind.Relative))).ShouldBeProblemAsync(403);
        }
    }

    [Fact]
    public async Task Csv_has_a_header_row_and_the_same_numbers_as_json()
    {
        using var app = new StatsApp();
        var day = app.StartAt(TimeSpan.FromHours(4));
        await app.ListenAsync(app.CreateClient(), 75);
        await app.ListenAsync(await app.UserAsync(), 30);
        await app.EndSessionsAsync();
        var admin = await app.AdminAsync();
        var json = await admin.StatsAsync(StatsApi.Day(day, "hour"));

        var response = await admin.CsvAsync(StatsApi.Day(day, "hour"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var rows = ReadCsv(await response.Content.ReadAsStringAsync());
        rows[0].Should().Equal(
            "start", "listening_seconds", "unique_listeners", "sessions", "average_session_seconds",
            "sessions_lt_1m", "sessions_1_5m", "sessions_5_15m", "sessions_15_30m", "sessions_30_60m", "sessions_1_2h", "sessions_gt_2h");
        rows.Should().HaveCount(25, "a header and 24 hours");
        rows[5].Should().Equal(day.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            "105", "2", "2", "52.5", "1", "1", "0", "0", "0", "0", "0");
        rows.Skip(1).Select(r => long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(json.Select(j => j.Sessions));
    }

    [Fact]
    public async Task A_bad_request_asking_for_csv_is_still_a_problem_document()
    {
        var response = await (await shared.AdminAsync()).CsvAsync("?interval=week");

        await response.ShouldBeProblemAsync(400);
    }

    private static List<string[]> ReadCsv(string text)
    {
        using var parser = new TextFieldParser(new StringReader(text)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }
}
