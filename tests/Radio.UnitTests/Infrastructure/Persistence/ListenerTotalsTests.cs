using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Radio.Domain.Accounts;
using Radio.Domain.Listening;
using Radio.Domain.Station;
using Radio.Infrastructure;
using Radio.Infrastructure.Listening;
using Radio.Infrastructure.Listens;
using Radio.Infrastructure.Persistence;

namespace Radio.UnitTests.Infrastructure.Persistence;

/// <summary>The batched writes, against a real SQLite file whose failures the tests switch on.</summary>
public sealed class ListenerTotalsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"radio-totals-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly FailingDatabase _failures = new();
    private readonly ServiceProvider _services;
    private readonly ListenerTotals _totals;
    private readonly InMemoryPlayCredits _plays;
    private readonly IOptions<RadioOptions> _options = Options.Create(new RadioOptions());

    public ListenerTotalsTests()
    {
        var services = new ServiceCollection();
        services.AddDbContext<RadioDbContext, SqliteRadioDbContext>(o => o
            .UseSqlite($"Data Source={_file}")
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(_failures.Commands, _failures.Transactions));
        services.AddMetrics();
        _services = services.BuildServiceProvider();
        var stored = new StoredTotals(
            _services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _plays = Plays(_options);
        _totals = new ListenerTotals(stored, Anonymous(_options), _plays, _clock, _options, NullLogger<ListenerTotals>.Instance);
    }

    public async Task InitializeAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        await db.Database.MigrateAsync();
        for (var i = 1; i <= 60; i++)
        {
            var user = User.CreateListener($"user{i}", Noon);
            user.SetPasswordHash("hash");
            db.Users.Add(user);
        }

        // two 100 s plays from noon: 1 until 12:01:40, then 2 (no foreign key to a song: the schedule is history)
        var first = ScheduleEntry.First(1, 100, Noon);
        db.Add(first);
        db.Add(first.Next(2, 1, 100, Noon));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private static AnonymousListeners Anonymous(IOptions<RadioOptions> options) => new(new InMemoryListeningSessions(options), options);

    private InMemoryPlayCredits Plays(IOptions<RadioOptions> options) =>
        new(new AiredPlays(_services.GetRequiredService<IServiceScopeFactory>(), options, NullLogger<AiredPlays>.Instance));

    private static ListenerId UserN(int id) => ListenerId.ForUser(id);

    private async Task<long> UnstoredAsync(int userId) => (await _totals.UnstoredSecondsAsync([userId], CancellationToken.None))[userId];

    private Task<long> AddAsync(int userId, double seconds) =>
        _totals.AddAsync(UserN(userId), seconds, _clock.GetUtcNow(), CancellationToken.None).AsTask();

    private long Stored(int userId)
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.TotalListenTime).Single();
    }

    [Fact]
    public async Task Credit_below_the_threshold_waits_and_at_the_threshold_is_written()
    {
        await AddAsync(1, 29.5);
        await _totals.FlushAsync(everything: false, CancellationToken.None);
        Stored(1).Should().Be(0, "29.5 s is below the 30 s batch");

        var total = await AddAsync(1, 1);
        await _totals.FlushAsync(everything: false, CancellationToken.None);

        total.Should().Be(30);
        Stored(1).Should().Be(30);
        (await UnstoredAsync(1)).Should().Be(0, "the half second stays pending");
        (await AddAsync(1, 0.5)).Should().Be(31);
    }

    [Fact]
    public async Task The_threshold_is_configurable()
    {
        var options = Options.Create(new RadioOptions { Listening = { FlushThresholdSeconds = 10 } });
        var totals = new ListenerTotals(
            new StoredTotals(_services.GetRequiredService<IServiceScopeFactory>(), _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            Anonymous(options), Plays(options), _clock, options, NullLogger<ListenerTotals>.Instance);
        await totals.AddAsync(UserN(11), 10, Noon, CancellationToken.None);

        await totals.FlushAsync(everything: false, CancellationToken.None);

        Stored(11).Should().Be(10);
    }

    [Fact]
    public async Task Another_instance_incrementing_the_same_user_loses_nothing()
    {
        await AddAsync(12, 30);
        using (var scope = _services.CreateScope())
        {
            // another server instance flushed 1000 s for this user after this one read the stored total
            await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users.Where(u => u.Id == 12)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotalListenTime, u => u.TotalListenTime + 1000));
        }

        await _totals.FlushAsync(everything: false, CancellationToken.None);

        Stored(12).Should().Be(1030);
        (await AddAsync(12, 0)).Should().Be(1030, "the flush read the stored total back");
    }

    [Fact]
    public async Task An_ended_session_is_written_below_the_threshold()
    {
        await AddAsync(2, 12);

        _clock.Advance(TimeSpan.FromSeconds(59));
        await _totals.FlushAsync(everything: false, CancellationToken.None);
        Stored(2).Should().Be(0, "the session is still live");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _totals.FlushAsync(everything: false, CancellationToken.None);

        Stored(2).Should().Be(12);
    }

    [Fact]
    public async Task A_graceful_shutdown_writes_everything_pending()
    {
        await AddAsync(3, 7);
        await AddAsync(4, 3);
        var housekeeping = new ListeningHousekeeping(_totals, new InMemoryListeningSessions(_options), _clock, _options);
        await housekeeping.StartAsync(CancellationToken.None);

        await housekeeping.StopAsync(CancellationToken.None);

        Stored(3).Should().Be(7);
        Stored(4).Should().Be(3);
    }

    [Fact]
    public async Task The_total_is_stored_plus_pending_and_stored_is_read_once()
    {
        using (var scope = _services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users.Where(u => u.Id == 5)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotalListenTime, 1000L));
        }

        (await AddAsync(5, 10)).Should().Be(1010);
        (await AddAsync(5, 10.5)).Should().Be(1020);
    }

    [Fact]
    public async Task Many_listeners_starting_at_once_each_get_their_own_stored_total()
    {
        using (var scope = _services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users.Where(u => u.Id >= 20 && u.Id < 60)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotalListenTime, u => u.Id * 100L));
        }

        var totals = await Task.WhenAll(Enumerable.Range(20, 40).Select(id => Task.Run(() => AddAsync(id, 1))));

        totals.Should().Equal(Enumerable.Range(20, 40).Select(id => (id * 100L) + 1));
    }

    [Fact]
    public async Task A_failed_write_keeps_the_credit_pending_and_the_retry_writes_it_once()
    {
        await AddAsync(6, 40);
        _failures.FailCommands = true;

        var failed = await _totals.TryFlushAsync(everything: false, CancellationToken.None);

        failed.Should().BeFalse();
        (await UnstoredAsync(6)).Should().Be(40);
        (await AddAsync(6, 0)).Should().Be(40, "the total still counts the pending credit");
        _failures.FailCommands = false;
        (await _totals.TryFlushAsync(everything: false, CancellationToken.None)).Should().BeTrue();
        Stored(6).Should().Be(40);
        (await UnstoredAsync(6)).Should().Be(0);
    }

    [Fact]
    public async Task A_commit_that_fails_after_the_increments_ran_is_rolled_back_and_not_counted_twice()
    {
        await AddAsync(7, 30);
        await AddAsync(8, 45);
        _failures.FailCommits = true;

        await _totals.TryFlushAsync(everything: false, CancellationToken.None);
        Stored(7).Should().Be(0);
        _failures.FailCommits = false;
        await _totals.TryFlushAsync(everything: false, CancellationToken.None);

        Stored(7).Should().Be(30);
        Stored(8).Should().Be(45);
        (await AddAsync(7, 0)).Should().Be(30);
    }

    [Fact]
    public async Task Users_with_the_same_amount_share_one_statement_in_one_transaction()
    {
        for (var id = 10; id < 60; id++)
        {
            await AddAsync(id, id < 50 ? 30 : 31);
        }

        (_failures.Updates, _failures.Commits) = (0, 0);
        await _totals.FlushAsync(everything: false, CancellationToken.None);

        _failures.Updates.Should().Be(2, "40 users with 30 s and 10 with 31 s");
        _failures.Commits.Should().Be(1);
        Stored(10).Should().Be(30);
        Stored(55).Should().Be(31);
    }

    [Fact]
    public async Task Anonymous_credit_is_never_written_and_is_kept_for_24_hours()
    {
        var anonymous = ListenerId.ForAnonymous("key");
        await _totals.AddAsync(anonymous, 25, Noon, CancellationToken.None);
        _failures.Updates = 0;

        await _totals.FlushAsync(everything: true, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(23));
        await _totals.FlushAsync(everything: false, CancellationToken.None);

        _failures.Updates.Should().Be(0);
        (await _totals.AddAsync(anonymous, 5, _clock.GetUtcNow(), CancellationToken.None)).Should().Be(30);
        _clock.Advance(TimeSpan.FromHours(24));
        await _totals.FlushAsync(everything: false, CancellationToken.None);
        (await _totals.AddAsync(anonymous, 5, _clock.GetUtcNow(), CancellationToken.None)).Should().Be(5, "forgotten after 24 h of silence");
    }

    [Fact]
    public async Task Concurrent_credit_and_flushes_neither_lose_nor_double_a_second()
    {
        var adds = Enumerable.Range(0, 4000).Select(_ => Task.Run(() => AddAsync(9, 1)));
        var flushes = Enumerable.Range(0, 20).Select(_ => Task.Run(() => _totals.FlushAsync(everything: true, CancellationToken.None)));

        await Task.WhenAll([.. adds, .. flushes]);
        await _totals.FlushAsync(everything: true, CancellationToken.None);

        Stored(9).Should().Be(4000);
        (await UnstoredAsync(9)).Should().Be(0);
    }

    private Task CreditPlaysAsync(ListenerId listener, double seconds) =>
        _plays.CreditAsync(listener, seconds, _clock.GetUtcNow(), CancellationToken.None).AsTask();

    private long StoredPlaySeconds(long sequence)
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RadioDbContext>().Set<ScheduleEntry>()
            .Where(e => e.Sequence == sequence).Select(e => e.ListenedSeconds).Single();
    }

    [Fact]
    public async Task Anonymous_and_signed_in_credit_both_count_for_the_play_on_the_air()
    {
        _clock.Advance(TimeSpan.FromSeconds(40));

        await CreditPlaysAsync(ListenerId.ForAnonymous("key"), 30);
        await CreditPlaysAsync(UserN(1), 20);

        _plays.PendingAirtime().Should().Equal([(1L, 50L)], "an anonymous listener earns no listen, but their time counts for the play");
    }

    [Fact]
    public async Task Credit_spanning_two_plays_is_split_by_their_air_time()
    {
        _clock.Advance(TimeSpan.FromSeconds(110));

        await CreditPlaysAsync(ListenerId.ForAnonymous("key"), 30);
        await CreditPlaysAsync(UserN(1), 30);

        _plays.PendingAirtime().OrderBy(p => p.Sequence).Should().Equal(
            [(1L, 40L), (2L, 20L)], "each 30 s heartbeat ending 10 s into the second play gave the first 20 s of it");
    }

    [Fact]
    public async Task The_flush_adds_each_plays_whole_seconds_in_one_statement_and_keeps_the_fraction()
    {
        _clock.Advance(TimeSpan.FromSeconds(40));
        await CreditPlaysAsync(ListenerId.ForAnonymous("key"), 30.5);
        _failures.Updates = 0;

        await _totals.FlushAsync(everything: false, CancellationToken.None);

        StoredPlaySeconds(1).Should().Be(30);
        _failures.Updates.Should().Be(1, "one increment for the one play, whoever listened to it");
        _plays.PendingAirtime().Should().BeEmpty("the half second waits for more");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await CreditPlaysAsync(ListenerId.ForAnonymous("key"), 0.5);
        await _totals.FlushAsync(everything: false, CancellationToken.None);
        StoredPlaySeconds(1).Should().Be(31);
    }

    [Fact]
    public async Task A_failed_write_keeps_the_plays_seconds_pending_and_the_retry_writes_them_once()
    {
        _clock.Advance(TimeSpan.FromSeconds(40));
        await CreditPlaysAsync(ListenerId.ForAnonymous("key"), 30);
        _failures.FailCommands = true;

        (await _totals.TryFlushAsync(everything: false, CancellationToken.None)).Should().BeFalse();
        _plays.PendingAirtime().Should().Equal([(1L, 30L)]);
        _failures.FailCommands = false;
        await _totals.TryFlushAsync(everything: false, CancellationToken.None);
        await _totals.TryFlushAsync(everything: false, CancellationToken.None);

        StoredPlaySeconds(1).Should().Be(30);
        _plays.PendingAirtime().Should().BeEmpty();
    }

    [Fact]
    public async Task A_commit_that_fails_after_the_plays_increment_is_rolled_back_and_retried_once()
    {
        _clock.Advance(TimeSpan.FromSeconds(40));
        await CreditPlaysAsync(UserN(1), 25);
        _failures.FailCommits = true;

        await _totals.TryFlushAsync(everything: false, CancellationToken.None);
        StoredPlaySeconds(1).Should().Be(0);
        _failures.FailCommits = false;
        await _totals.TryFlushAsync(everything: false, CancellationToken.None);

        StoredPlaySeconds(1).Should().Be(25);
    }

    private sealed class FailingDatabase
    {
        private int _updates;
        private int _commits;

        public FailingDatabase()
        {
            Commands = new CommandInterceptor(this);
            Transactions = new TransactionInterceptor(this);
        }

        public bool FailCommands { get; set; }

        public bool FailCommits { get; set; }

        public int Updates { get => _updates; set => _updates = value; }

        public int Commits { get => _commits; set => _commits = value; }

        public DbCommandInterceptor Commands { get; }

        public DbTransactionInterceptor Transactions { get; }

        private sealed class CommandInterceptor(FailingDatabase database) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
                DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                if (database.FailCommands)
                {
                    throw new SqliteException("database is locked", 5);
                }

                Interlocked.Increment(ref database._updates);
                return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
            }
        }

        private sealed class TransactionInterceptor(FailingDatabase database) : DbTransactionInterceptor
        {
            public override ValueTask<InterceptionResult> TransactionCommittingAsync(
                DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
            {
                if (database.FailCommits)
                {
                    throw new SqliteException("disk I/O error", 10);
                }

                Interlocked.Increment(ref database._commits);
                return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
            }
        }
    }
}
