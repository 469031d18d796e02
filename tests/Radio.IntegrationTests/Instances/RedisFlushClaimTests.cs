using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Domain.Accounts;
using Radio.Infrastructure.Instances;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData.Engines;
using StackExchange.Redis;

namespace Radio.IntegrationTests.Instances;

/// <summary>
/// A flush's claim reads only the users who may be due (past the threshold, or quiet for a session timeout), not every
/// listener with credit: Redis runs one script at a time, and every instance flushes every second, so a script that
/// read all of them held every heartbeat up for as long as it ran.
/// </summary>
public sealed class RedisFlushClaimTests : IDisposable
{
    private const int Quiet = 500;
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow()); // tokens are checked against the machine clock
    private readonly InstanceApp _app;

    public RedisFlushClaimTests() => _app = new InstanceApp(InstanceApp.Deployment.New(_redis), _clock, new Dictionary<string, string>
    {
        ["Radio:Listening:FlushIntervalSeconds"] = "86400", // flushed by the test only
    });

    [Fact]
    public async Task A_flush_reads_the_due_users_only_and_leaves_the_others_credit_where_it_is()
    {
        var due = (await _app.CreateClient().RegisterAsync()).User.Id;
        var gone = (await _app.CreateClient().RegisterAsync()).User.Id;
        var totals = _app.Services.GetRequiredService<RedisListenerTotals>();
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var now = _clock.GetUtcNow();
        await AddAsync(gone, 7, now - TimeSpan.FromMinutes(5)); // its session has timed out
        foreach (var user in Enumerable.Range(100_000, Quiet))
        {
            await AddAsync(user, 5, now); // listening, below the threshold
        }

        await AddAsync(due, 40, now);
        var before = await CallsAsync();

        (await _app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: false, CancellationToken.None))
            .Should().BeTrue();

        var reads = (await CallsAsync()).Sum(c => c.Value - before.GetValueOrDefault(c.Key));
        reads.Should().BeLessThan(20, $"the claim reads the 2 due users, not the {Quiet} others");
        Stored(due).Should().Be(40);
        Stored(gone).Should().Be(7, "a session that ended is written whatever its amount");
        (await db.HashGetAsync(RedisKeys.Unstored, 100_000)).Should().Be(5, "the others wait for their threshold");
        (await db.HashLengthAsync(RedisKeys.Unstored)).Should().Be(Quiet + 1, "the one gone quiet is forgotten as it is written; nothing else was claimed or forgotten");

        async Task AddAsync(int user, double credit, DateTimeOffset at)
        {
            var (keys, values) = totals.AddArguments(user, credit, at);
            await db.ScriptEvaluateAsync(RedisListenerTotals.AddScript, keys, values);
        }
    }

    [Fact]
    public async Task More_users_due_than_one_claim_reads_are_written_by_several_claims_of_the_same_flush()
    {
        // two claims' worth past the threshold and one more, and as many gone quiet: no one script reads them all
        var now = _clock.GetUtcNow();
        var past = await UsersAsync(2 * RedisTotalsFlush.UsersPerClaim + 1);
        var quiet = await UsersAsync(2 * RedisTotalsFlush.UsersPerClaim + 1);
        var totals = _app.Services.GetRequiredService<RedisListenerTotals>();
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var user in past)
        {
            await AddAsync(user, 40, now);
        }

        foreach (var user in quiet)
        {
            await AddAsync(user, 7, now - TimeSpan.FromMinutes(5));
        }

        var before = await RedisCommandStats.ScriptCallsAsync(_redis);

        (await _app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: false, CancellationToken.None))
            .Should().BeTrue();

        // each claim is followed by its finish; three claims at least, and the last found nothing more
        ((await RedisCommandStats.ScriptCallsAsync(_redis)) - before).Should().BeGreaterThanOrEqualTo(2 * 3);
        past.Select(Stored).Should().AllBeEquivalentTo(40L);
        quiet.Select(Stored).Should().AllBeEquivalentTo(7L);
        (await db.SetLengthAsync(RedisKeys.UnstoredDue)).Should().Be(0);
        (await db.HashLengthAsync(RedisKeys.Unstored)).Should().Be(past.Count, "the quiet ones are forgotten as they are written");
        (await db.SortedSetLengthAsync(RedisKeys.UnstoredHeard)).Should().Be(past.Count);

        async Task AddAsync(int user, double credit, DateTimeOffset at)
        {
            var (keys, values) = totals.AddArguments(user, credit, at);
            await db.ScriptEvaluateAsync(RedisListenerTotals.AddScript, keys, values);
        }
    }

    [Fact]
    public async Task Heard_times_an_earlier_version_kept_in_a_hash_move_over_and_their_users_credit_is_written()
    {
        var user = (await _app.CreateClient().RegisterAsync()).User.Id;
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await db.HashSetAsync(RedisKeys.Unstored, user, 12);
        await db.HashSetAsync(RedisKeys.LegacyUnstoredHeard, user, RedisKeys.Milliseconds(_clock.GetUtcNow()));

        (await _app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: false, CancellationToken.None))
            .Should().BeTrue();

        Stored(user).Should().Be(12, "no credit an earlier version left in Redis is lost to the upgrade");
        (await db.KeyExistsAsync(RedisKeys.LegacyUnstoredHeard)).Should().BeFalse();
        (await db.SortedSetScoreAsync(RedisKeys.UnstoredHeard, user)).Should().Be(RedisKeys.Milliseconds(_clock.GetUtcNow()));
    }

    public void Dispose()
    {
        _app.Dispose();
        _redis.Dispose();
    }

    /// <summary>Calls of the commands that read one user's credit or heard time, a script's own calls included.</summary>
    private Task<Dictionary<string, long>> CallsAsync() => RedisCommandStats.CallsAsync(_redis, "hget", "zscore", "hgetall");

    /// <summary>Accounts inserted directly: hundreds of registrations would measure the password hash.</summary>
    private async Task<List<int>> UsersAsync(int count)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RadioDbContext>();
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var user = User.CreateListener("u" + Guid.NewGuid().ToString("N")[..12], _clock.GetUtcNow());
            user.SetPasswordHash("not-a-real-hash");
            return user;
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    private long Stored(int userId)
    {
        using var scope = _app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.TotalListenTime).Single();
    }
}
