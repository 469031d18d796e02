using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Domain.Listening;
using Radio.Domain.Statistics;
using Radio.Infrastructure.Persistence;
using Radio.Infrastructure.Statistics;

namespace Radio.IntegrationTests.Statistics;

public sealed class MultiRowInsertTests
{
    [Fact]
    public async Task On_SQLite_a_statement_binds_at_most_200_parameters()
    {
        using var app = new StatsApp();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var rows = Enumerable.Range(0, 1_001).Select(i => RecordedSession.From(Session(i))).ToList();

        var statements = await MultiRowInsert.InsertAsync(db, rows, CancellationToken.None);

        statements.Should().Be(21, "four columns a row, 50 rows a statement: Microsoft.Data.Sqlite binds in time square to the parameters");
        (await db.Set<RecordedSession>().CountAsync()).Should().Be(1_001);
    }

    [Fact]
    public async Task A_batch_of_more_sessions_than_one_statement_holds_is_written_whole()
    {
        using var app = new StatsApp();
        var before = app.RecordedSessions().Count;
        for (var i = 0; i < 1_234; i++)
        {
            app.Recorder.Record(Session(i));
        }

        (await app.Recorder.TryWriteAsync(CancellationToken.None)).Should().BeTrue();

        app.RecordedSessions().Should().HaveCount(before + 1_234);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var days = await db.Set<StatsRollup>().Where(r => r.Interval == StatsInterval.Day).ToListAsync();
        days.Sum(r => r.Sessions).Should().Be(1_234);
        days.Sum(r => r.UniqueListeners).Should().Be(300, "300 listeners, all on one day");
        (await db.Set<ListenerPresence>().CountAsync(p => p.Interval == StatsInterval.Hour)).Should().Be(3 * 300, "each listener in each of the 3 hours");
    }

    // 300 listeners, each with sessions in each of three hours of one day
    private static EndedSession Session(int i)
    {
        var start = StatsApp.Day.AddHours(10 + (i / 300 % 3)).AddSeconds(i);
        return new EndedSession(ListenerId.ForUser(1_000 + (i % 300)), start, start.AddMinutes(5), 290);
    }
}
