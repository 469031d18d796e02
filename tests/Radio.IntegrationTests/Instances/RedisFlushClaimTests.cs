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

    public RedisFlushClaimTests() => _app = new InstanceApp(InstanceApp.Deployment.New(_redis), _clock, InstanceApp.FlushedByTheTest);

    [Fact]
    public async Task A_flush_reads_the_due_users_only_and_leaves_the_others_credit_where_it_is()
    {
        var due = (await _app.CreateClient().RegisterAsync()).User.Id;
        var gone = (await _app.CreateClient().RegisterAsync()).User.Id;
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
    }

    [Fact]
    public async Task More_users_due_than_one_chunk_reads_are_claimed_by_several_chunks_and_written_in_one_transaction()
    {
        // two chunks' worth past the threshold and one more, and as many gone quiet: no one script reads them all
        var (past, quiet) = await DueAsync(2 * RedisTotalsFlush.UsersPerChunk + 1);
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var before = await RedisCommandStats.ScriptCallsAsync(_redis);
        using var batches = new ServerCounter(_app.Services, "radio.listening.flush_batches");

        (await _app.Services.GetRequiredService<RedisTotalsFlush>().TryFlushAsync(everything: false, CancellationToken.None))
            .Should().BeTrue();

        // three chunks at least (the last found nothing more), then the claim's finish
        ((await RedisCommandStats.ScriptCallsAsync(_redis)) - before).Should().BeGreaterThanOrEqualTo(3 + 1);
        batches.Sum.Should().Be(1, "the chunks of one claim are one database transaction");
        past.Select(Stored).Should().AllBeEquivalentTo(40L);
        quiet.Select(Stored).Should().AllBeEquivalentTo(7L);
        (await db.SetLengthAsync(RedisKeys.UnstoredDue)).Should().Be(0);
        (await db.HashLengthAsync(RedisKeys.Unstored)).Should().Be(past.Count, "the quiet ones are forgotten as they are written");
        (await db.SortedSetLengthAsync(RedisKeys.UnstoredHeard)).Should().Be(past.Count);
        (await db.KeyExistsAsync(RedisKeys.Claim(_app.Services.GetRequiredService<InstanceId>()))).Should().BeFalse();
    }

    [Fact]
    public async Task A_chunk_claims_at_most_its_users_of_each_kind_and_the_next_adds_to_the_same_claim()
    {
        var (past, quiet) = await DueAsync(2 * RedisTotalsFlush.UsersPerChunk + 1);
        var flush = _app.Services.GetRequiredService<RedisTotalsFlush>();
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var claimKey = RedisKeys.Claim(_app.Services.GetRequiredService<InstanceId>());

        var (first, moreAfterFirst) = await flush.ClaimAsync(everything: false, adding: false, last: false);

        first.Should().BeNull("more are due: the next chunk adds to this claim and reads it");
        moreAfterFirst.Should().BeTrue();
        (await db.HashLengthAsync(claimKey)).Should().Be(2 * RedisTotalsFlush.UsersPerChunk);
        (await db.SetLengthAsync(RedisKeys.UnstoredDue)).Should().Be(past.Count - RedisTotalsFlush.UsersPerChunk);

        var (second, moreAfterSecond) = await flush.ClaimAsync(everything: false, adding: true, last: true);

        moreAfterSecond.Should().BeTrue("one of each kind is still due");
        second!.Totals.Should().HaveCount(4 * RedisTotalsFlush.UsersPerChunk, "the last chunk reads the whole claim, its own users and the first's");
        second.Totals.Should().OnlyContain(t => t.Seconds == (past.Contains(t.UserId) ? 40 : 7));
        second.Days.Should().HaveCount(4 * RedisTotalsFlush.UsersPerChunk);

        var (again, _) = await flush.ClaimAsync(everything: false, adding: false, last: false);

        again!.Totals.Should().BeEquivalentTo(second.Totals, "a claim not yet written is answered again whole, nothing added to it");
        (await flush.TryFlushAsync(everything: false, CancellationToken.None)).Should().BeTrue();
        past.Concat(quiet).Select(Stored).Should().BeEquivalentTo(past.Select(_ => 40L).Concat(quiet.Select(_ => 7L)));
    }

    [Fact]
    public async Task A_user_a_chunk_claimed_and_due_again_before_the_next_chunk_is_claimed_with_both_amounts()
    {
        var (past, _) = await DueAsync(RedisTotalsFlush.UsersPerChunk + 1);
        var flush = _app.Services.GetRequiredService<RedisTotalsFlush>();
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var claimKey = RedisKeys.Claim(_app.Services.GetRequiredService<InstanceId>());
        (await flush.ClaimAsync(everything: false, adding: false, last: false)).Claim.Should().BeNull();
        var claimed = (await db.HashKeysAsync(claimKey)).Select(k => (int)k).ToHashSet();
        var again = past.First(claimed.Contains);
        await AddAsync(again, 35, _clock.GetUtcNow());

        var (claim, _) = await flush.ClaimAsync(everything: false, adding: true, last: true);

        claim!.Totals.Should().ContainSingle(t => t.UserId == again).Which.Seconds.Should().Be(40 + 35, "the second chunk adds to the first's");
        claim.Days.Should().ContainSingle(d => d.UserId == again).Which.Seconds.Should().Be(40 + 35);
        (await flush.TryFlushAsync(everything: false, CancellationToken.None)).Should().BeTrue();
        Stored(again).Should().Be(75);
    }

    [Fact]
    public async Task Listens_and_plays_are_claimed_by_a_claims_first_chunk_only_and_those_after_it_wait_for_the_next_claim()
    {
        await DueAsync(RedisTotalsFlush.UsersPerChunk + 1);
        var flush = _app.Services.GetRequiredService<RedisTotalsFlush>();
        var db = _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var ends = RedisKeys.Milliseconds(_clock.GetUtcNow() + TimeSpan.FromMinutes(3));
        var startTicks = _clock.GetUtcNow().UtcTicks;
        await db.HashSetAsync(RedisKeys.UnstoredListens, "1:7", $"3|{startTicks}|31");
        await db.HashSetAsync(RedisKeys.UnstoredPlays, [new("7", 12.5), new("e:7", ends)]);
        (await flush.ClaimAsync(everything: false, adding: false, last: false)).Claim.Should().BeNull();
        await db.HashSetAsync(RedisKeys.UnstoredListens, "2:8", $"4|{startTicks}|33");
        await db.HashIncrementAsync(RedisKeys.UnstoredPlays, "7", 20.0);
        await db.HashSetAsync(RedisKeys.UnstoredPlays, [new("8", 9.0), new("e:8", ends)]);

        var (claim, _) = await flush.ClaimAsync(everything: false, adding: true, last: true);

        claim!.Listens.Should().ContainSingle().Which.PlaySequence.Should().Be(7, "a listen decided after the first chunk waits");
        claim.Plays.Should().BeEquivalentTo([(7L, 12L)], "the play seconds after the first chunk wait, none counted twice");
        (await db.HashLengthAsync(RedisKeys.UnstoredListens)).Should().Be(1);
        (await db.HashGetAsync(RedisKeys.UnstoredPlays, "7")).Should().Be(20.5);
        (await db.HashGetAsync(RedisKeys.UnstoredPlays, "8")).Should().Be(9);
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

    /// <summary>Accounts with credit due: as many past the threshold (40 s) as gone quiet for a session timeout (7 s).</summary>
    private async Task<(List<int> Past, List<int> Quiet)> DueAsync(int count)
    {
        var now = _clock.GetUtcNow();
        var past = await UsersAsync(count);
        var quiet = await UsersAsync(count);
        foreach (var (user, credit, at) in past.Select(u => (u, 40.0, now)).Concat(quiet.Select(u => (u, 7.0, now - TimeSpan.FromMinutes(5)))))
        {
            await AddAsync(user, credit, at);
        }

        return (past, quiet);
    }

    /// <summary>Credit for a user as a heartbeat adds it (<see cref="RedisListenerTotals.AddScript"/>).</summary>
    private async Task AddAsync(int user, double credit, DateTimeOffset at)
    {
        var (keys, values) = _app.Services.GetRequiredService<RedisListenerTotals>().AddArguments(user, credit, at);
        await _app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().ScriptEvaluateAsync(RedisListenerTotals.AddScript, keys, values);
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
