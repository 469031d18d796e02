using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Infrastructure.Listens;
using Radio.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// Writes the users' credit gathered in Redis, on every instance: due credit (the threshold reached or the session
/// ended) every flush interval, and all of it at a graceful shutdown. Each flush claims, writes, then finishes:
/// <list type="bullet">
/// <item>the claim script moves the due whole seconds from the shared hash to this instance's claim key, and raises
/// the cached stored totals by them, so totals shown do not dip while the write runs; it moves the decided listens
/// and every play's whole seconds (all listeners') into claim keys of their own too. One run of it (a chunk) reads at
/// most <see cref="UsersPerChunk"/> users past the threshold and as many gone quiet, so no run holds Redis (and every
/// instance's heartbeats) for longer with more listeners; while more are due, the next chunk adds its users to the
/// same claim, up to <see cref="ChunksPerClaim"/>, and only the last reads the claim back (the plays and the decided
/// listens are claimed whole by the first chunk). The last flush at a shutdown, and the first after an upgrade that
/// moves the heard times, read every listener in one run;</item>
/// <item>the claim is written in one database transaction of atomic increments; the flush claims again, after
/// writing, while more are due;</item>
/// <item>after the commit the claim key is deleted. Until that succeeds (Redis may be down just then) this instance
/// remembers that its claim is written and never writes it again: it only retries the delete.</item>
/// </list>
/// A database failure leaves the claim in Redis and the next flush writes the same claim again (claiming nothing
/// new meanwhile). A crash of this instance leaves its claim key orphaned: those seconds are lost, never written
/// twice, because no other instance can know whether the database committed them.
/// </summary>
internal sealed partial class RedisTotalsFlush(
    IConnectionMultiplexer redis, StoredTotals stored, AiredPlays aired, InstanceId instance, TimeProvider clock,
    IOptions<RadioOptions> options, ILogger<RedisTotalsFlush> logger) : BackgroundService
{
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        local adding = @adding == '1'
        if not adding and (redis.call('EXISTS', @claim) == 1 or redis.call('EXISTS', @claimDays) == 1
            or redis.call('EXISTS', @claimListens) == 1 or redis.call('EXISTS', @claimPlays) == 1) then
          return { redis.call('HGETALL', @claim), redis.call('HGETALL', @claimDays), redis.call('HGETALL', @claimListens),
            redis.call('HGETALL', @claimPlays), 1 }
        end
        local everything = @everything == '1'
        local now = tonumber(@now)
        local today = tonumber(@today)
        -- once after an upgrade: the heard times an earlier version kept in a hash move into the sorted set
        if redis.call('EXISTS', @legacyHeard) == 1 then
          local old = redis.call('HGETALL', @legacyHeard)
          for i = 1, #old, 2 do redis.call('ZADD', @heard, 'GT', old[i + 1], old[i]) end
          redis.call('DEL', @legacyHeard)
          everything = true
        end
        -- only the users who may be due: every one at a shutdown; else those past the threshold and those gone quiet
        -- for a session timeout, so a flush does not read every listener while Redis serves nobody else; and at most
        -- @max of each, so one run holds Redis for a bounded time (the next run adds more to the same claim)
        local candidates
        local more = 0
        if everything then
          candidates = redis.call('HKEYS', @unstored)
        else
          local max = tonumber(@max)
          candidates = redis.call('SRANDMEMBER', @due, max)
          local ended = redis.call('ZRANGEBYSCORE', @heard, '-inf', now - tonumber(@timeoutMs), 'LIMIT', 0, max)
          if #candidates == max or #ended == max then more = 1 end
          for _, user in ipairs(ended) do
            table.insert(candidates, user)
          end
        end
        local seen = {}
        for _, user in ipairs(candidates) do
          if not seen[user] then
            seen[user] = true
            local pending = tonumber(redis.call('HGET', @unstored, user) or '0')
            local whole = math.floor(pending)
            local heard = tonumber(redis.call('ZSCORE', @heard, user) or '0')
            local ended = now - heard >= tonumber(@timeoutMs)
            local days = 'radio:unstored:days:' .. user
            redis.call('SREM', @due, user)
            if whole >= 1 and (everything or whole >= tonumber(@threshold) or ended) then
              redis.call('HINCRBYFLOAT', @unstored, user, -whole)
              redis.call('HINCRBY', @claim, user, whole)
              if redis.call('EXISTS', 'radio:stored:' .. user) == 1 then redis.call('INCRBY', 'radio:stored:' .. user, whole) end
              -- the same user's credit per day, written in the same transaction; a past day's fraction is dropped
              local perDay = redis.call('HGETALL', days)
              for j = 1, #perDay, 2 do
                local dayCredit = tonumber(perDay[j + 1])
                local dayWhole = math.floor(dayCredit)
                if dayWhole >= 1 then
                  redis.call('HINCRBY', @claimDays, user .. ':' .. perDay[j], dayWhole)
                  dayCredit = tonumber(redis.call('HINCRBYFLOAT', days, perDay[j], -dayWhole))
                end
                if tonumber(perDay[j]) < today and dayCredit < 1 then redis.call('HDEL', days, perDay[j]) end
              end
              if ended then
                -- gone for a session timeout: what is left is under a second, forgotten now rather than by the next claim
                redis.call('HDEL', @unstored, user)
                redis.call('ZREM', @heard, user)
                redis.call('DEL', days)
              end
            elseif ended and pending < 1 then
              -- gone for a session timeout with less than a second left: forgotten, the fraction dropped
              redis.call('HDEL', @unstored, user)
              redis.call('ZREM', @heard, user)
              redis.call('DEL', days)
            end
          end
        end
        -- the listens and the plays are claimed whole by a claim's first chunk (the chunks after it add users only)
        if not adding and redis.call('EXISTS', @unstoredListens) == 1 then redis.call('RENAME', @unstoredListens, @claimListens) end
        -- every play's whole seconds, due or not; a fraction left once no heartbeat can reach the play is dropped
        local plays = adding and {} or redis.call('HGETALL', @unstoredPlays)
        local ends = {}
        for i = 1, #plays, 2 do
          if string.sub(plays[i], 1, 2) == 'e:' then ends[string.sub(plays[i], 3)] = tonumber(plays[i + 1]) end
        end
        for i = 1, #plays, 2 do
          local play = plays[i]
          if string.sub(play, 1, 2) ~= 'e:' then
            local seconds = tonumber(plays[i + 1])
            local whole = math.floor(seconds)
            if whole >= 1 then
              redis.call('HSET', @claimPlays, play, whole)
              seconds = tonumber(redis.call('HINCRBYFLOAT', @unstoredPlays, play, -whole))
            end
            if seconds < 1 and (ends[play] or 0) < tonumber(@playsReachedAfter) then
              redis.call('HDEL', @unstoredPlays, play, 'e:' .. play)
            end
          end
        end
        redis.call('PEXPIRE', @claim, @claimLifetimeMs)
        redis.call('PEXPIRE', @claimDays, @claimLifetimeMs)
        redis.call('PEXPIRE', @claimListens, @claimLifetimeMs)
        redis.call('PEXPIRE', @claimPlays, @claimLifetimeMs)
        -- more users due and room for them in this claim: the next chunk adds them, and only the last reads the claim
        if more == 1 and @last ~= '1' then return { more } end
        return { redis.call('HGETALL', @claim), redis.call('HGETALL', @claimDays), redis.call('HGETALL', @claimListens),
          redis.call('HGETALL', @claimPlays), more }
        """);

    /// <summary>
    /// The most users of each kind (past the threshold, gone quiet) one run of the claim script reads: about 15 calls
    /// each, so a run holds Redis (and every instance's heartbeats) for 2–3 ms on the benchmark's busy cores (the
    /// former 200 users per run held it 8–9 ms).
    /// </summary>
    internal const int UsersPerChunk = 50;

    /// <summary>The most chunks one claim (one database transaction) gathers.</summary>
    internal const int ChunksPerClaim = 20;

    /// <summary>The most claims one flush makes; users due beyond that wait for the next flush, their credit shown meanwhile.</summary>
    internal const int ClaimsPerFlush = 10;

    // KEYS: the claim, its days, its listens and its plays, then each user's cached stored total; ARGV: the committed
    // totals, then the cache lifetime. Instances' commits may finish out of order: a cached total only ever rises
    private const string FinishScript = """
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
        for i = 5, #KEYS do
          local cached = tonumber(redis.call('GET', KEYS[i]) or '-1')
          if tonumber(ARGV[i - 4]) > cached then redis.call('SET', KEYS[i], ARGV[i - 4], 'PX', ARGV[#ARGV]) end
        end
        return 0
        """;

    // never disposed: it allocates no wait handle, and a flush running while the host is torn down must finish
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<int, long>? _writtenNotFinished;

    /// <summary>Claims, writes and finishes once; false when Redis or the database failed (retried at the next).</summary>
    public async Task<bool> TryFlushAsync(bool everything, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            for (var claims = 0; claims < ClaimsPerFlush; claims++)
            {
                // a claim written before and not yet finished is finished first; then more may be due
                var more = true;
                if (_writtenNotFinished is null)
                {
                    FlushBatch? claim = null;
                    for (var chunk = 1; claim is null; chunk++)
                    {
                        (claim, more) = await ClaimAsync(everything, adding: chunk > 1, last: chunk == ChunksPerClaim);
                    }

                    if (!claim.IsEmpty)
                    {
                        _writtenNotFinished = await stored.IncrementAsync(claim, cancellationToken);
                    }
                }

                if (_writtenNotFinished is not null)
                {
                    await FinishAsync(_writtenNotFinished);
                    _writtenNotFinished = null;
                }

                if (!more)
                {
                    break;
                }
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(logger, exception);
            return false;
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Listening.FlushIntervalSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(everything: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // twice: a claim left by an earlier failure is written first, then everything else
        if (await TryFlushAsync(everything: true, cancellationToken))
        {
            await TryFlushAsync(everything: true, cancellationToken);
        }
    }

    /// <summary>
    /// One run of the claim script: the claim (the one left by an earlier failure, or this chunk's users with the
    /// chunks' before it) and whether more are due; no claim when this chunk claimed some of those due and the next
    /// may add the rest (<paramref name="adding"/>: not the claim's first chunk; <paramref name="last"/>: its last).
    /// </summary>
    internal async Task<(FlushBatch? Claim, bool More)> ClaimAsync(bool everything, bool adding, bool last)
    {
        var listening = options.Value.Listening;
        var now = clock.GetUtcNow();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, new
        {
            claim = RedisKeys.Claim(instance),
            claimDays = RedisKeys.ClaimDays(instance),
            claimListens = RedisKeys.ClaimListens(instance),
            claimPlays = RedisKeys.ClaimPlays(instance),
            unstoredListens = RedisKeys.UnstoredListens,
            unstoredPlays = RedisKeys.UnstoredPlays,
            playsReachedAfter = RedisKeys.Milliseconds(now - aired.Reach),
            today = LeaderboardPeriods.DayOf(now).DayNumber,
            unstored = RedisKeys.Unstored,
            heard = RedisKeys.UnstoredHeard,
            legacyHeard = RedisKeys.LegacyUnstoredHeard,
            due = RedisKeys.UnstoredDue,
            everything = everything ? "1" : "0",
            now = RedisKeys.Milliseconds(now),
            timeoutMs = (long)listening.SessionTimeout.TotalMilliseconds,
            threshold = listening.FlushThresholdSeconds,
            claimLifetimeMs = (long)TimeSpan.FromDays(7).TotalMilliseconds,
            max = UsersPerChunk,
            adding = adding ? "1" : "0",
            last = last ? "1" : "0",
        });
        var parts = (RedisResult[])result!;
        if (parts.Length == 1)
        {
            return (null, true);
        }

        var totals = Pairs(parts[0]).Select(p => (int.Parse(p.Field, CultureInfo.InvariantCulture), (long)p.Value)).ToList();
        var days = Pairs(parts[1]).Select(p =>
        {
            var key = p.Field.Split(':');
            return (int.Parse(key[0], CultureInfo.InvariantCulture), DateOnly.FromDayNumber(int.Parse(key[1], CultureInfo.InvariantCulture)),
                (long)p.Value);
        }).ToList();
        var listens = Pairs(parts[2]).Select(p => RedisPlayCredits.ParseListen(p.Field, (string)p.Value!)).ToList();
        var plays = Pairs(parts[3]).Select(p => (long.Parse(p.Field, CultureInfo.InvariantCulture), (long)p.Value)).ToList();
        return (new FlushBatch(totals, days, listens, plays), (long)parts[4] == 1);

        static IEnumerable<(string Field, RedisResult Value)> Pairs(RedisResult hash)
        {
            var pairs = (RedisResult[])hash!;
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                yield return ((string)pairs[i]!, pairs[i + 1]);
            }
        }
    }

    private async Task FinishAsync(Dictionary<int, long> totals)
    {
        RedisKey[] keys =
        [
            RedisKeys.Claim(instance), RedisKeys.ClaimDays(instance), RedisKeys.ClaimListens(instance),
            RedisKeys.ClaimPlays(instance), .. totals.Keys.Select(RedisKeys.Stored),
        ];
        RedisValue[] values =
        [
            .. totals.Values.Select(t => (RedisValue)t),
            (long)RedisListenerTotals.StoredCacheLifetime.TotalMilliseconds,
        ];
        await redis.GetDatabase().ScriptEvaluateAsync(FinishScript, keys, values);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing listening totals failed; the claimed credit is written at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
