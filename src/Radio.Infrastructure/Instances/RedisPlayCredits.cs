using System.Globalization;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using Radio.Domain.Listens;
using Radio.Infrastructure.Listens;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// Each account's credit per play shared by all instances: one Redis hash per account next to its session, so a
/// heartbeat adds to it whichever instance takes it. The script adds the shares and decides each play once (a
/// marker field is set only by the heartbeat that reached the threshold), then moves the listen into the shared
/// unstored listens, which a flush claims as it claims credit (<see cref="RedisTotalsFlush"/>). Every listener's
/// shares, anonymous ones' too, also add to the shared unstored seconds per play, claimed by the same flush.
/// </summary>
internal sealed class RedisPlayCredits(IConnectionMultiplexer redis, AiredPlays aired, IOptions<RadioOptions> options) : IPlayCredits
{
    // KEYS: the account's plays, the unstored listens, the unstored plays; ARGV: user ('' for an anonymous listener,
    // who earns no listens), key lifetime (ms), forget plays ending before (ms), then per share: sequence, seconds,
    // threshold, song, start (UTC ticks), end (ms)
    internal const string CreditScript = """
        local key = KEYS[1]
        local user = ARGV[1] ~= ''
        local started = false
        for i = 4, #ARGV, 6 do
          local play, seconds = ARGV[i], tonumber(ARGV[i + 1])
          -- a play's end goes with its first credit: a field is new when it holds just this share (a fraction of a
          -- second over is a rounding, or the tiny rest of a flush, and writing the same end again does no harm)
          if tonumber(redis.call('HINCRBYFLOAT', KEYS[3], play, ARGV[i + 1])) - seconds < 1e-6 then
            redis.call('HSET', KEYS[3], 'e:' .. play, ARGV[i + 5])
          end
          if user then
            local credit = tonumber(redis.call('HINCRBYFLOAT', key, play, ARGV[i + 1]))
            if credit - seconds < 1e-6 then
              redis.call('HSET', key, 'e:' .. play, ARGV[i + 5])
              started = true
            end
            -- the share that takes the credit past the threshold decides the listen, and the marker makes it once
            local threshold = tonumber(ARGV[i + 2])
            if credit >= threshold and credit - seconds < threshold + 1e-6 and redis.call('HSETNX', key, 'l:' .. play, '1') == 1 then
              redis.call('HSET', KEYS[2], ARGV[1] .. ':' .. play, ARGV[i + 3] .. '|' .. ARGV[i + 4] .. '|' .. string.format('%.17g', credit))
            end
          end
        end
        if user then
          -- the hash grows only by a play's first credit
          if started and redis.call('HLEN', key) > 30 then
            local all = redis.call('HGETALL', key)
            for j = 1, #all, 2 do
              if string.sub(all[j], 1, 2) == 'e:' and tonumber(all[j + 1]) < tonumber(ARGV[3]) then
                local play = string.sub(all[j], 3)
                redis.call('HDEL', key, all[j], play, 'l:' .. play)
              end
            end
          end
          redis.call('PEXPIRE', key, ARGV[2])
        end
        return 0
        """;

    private readonly long _keyLifetimeMs = (long)(aired.Reach + options.Value.Listening.SessionTimeout).TotalMilliseconds;

    public async ValueTask CreditAsync(ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await ArgumentsAsync(listener, credit, now, cancellationToken) is { } arguments)
        {
            await RedisKeys.Answer(redis.GetDatabase().ScriptEvaluateAsync(CreditScript, arguments.Keys, arguments.Values));
        }
    }

    /// <summary>What <see cref="CreditScript"/> takes to credit the plays on the air; null when there is nothing to credit.</summary>
    internal async ValueTask<(RedisKey[] Keys, RedisValue[] Values)?> ArgumentsAsync(
        ListenerId listener, double credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (credit <= 0)
        {
            return null;
        }

        var shares = Play.Shares(await aired.NearAsync(now, cancellationToken), credit, now);
        if (shares.Count == 0)
        {
            return null;
        }

        var values = new List<RedisValue>(3 + (6 * shares.Count))
        {
            listener.UserId is { } userId ? userId : RedisValue.EmptyString, _keyLifetimeMs, RedisKeys.Milliseconds(now - aired.Reach),
        };
        foreach (var (play, seconds) in shares)
        {
            values.Add(play.Sequence);
            values.Add(seconds.ToString("R", CultureInfo.InvariantCulture));
            values.Add(play.ThresholdSeconds.ToString("R", CultureInfo.InvariantCulture));
            values.Add(play.SongId);
            values.Add(play.StartedAt.UtcTicks); // exact: listened_at is the play's start
            values.Add(RedisKeys.Milliseconds(play.EndsAt));
        }

        return ([RedisKeys.PlayCredits(listener), RedisKeys.UnstoredListens, RedisKeys.UnstoredPlays], [.. values]);
    }

    /// <summary>Reads a listen the script stored under <c>user:play</c> as <c>song|start ticks|credit</c>.</summary>
    internal static Listen ParseListen(string field, string value)
    {
        var key = field.Split(':');
        var parts = value.Split('|');
        var userId = int.Parse(key[0], CultureInfo.InvariantCulture);
        var sequence = long.Parse(key[1], CultureInfo.InvariantCulture);
        var startedAt = new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero);
        var credit = double.Parse(parts[2], CultureInfo.InvariantCulture);
        return Listen.Restore(userId, sequence, int.Parse(parts[0], CultureInfo.InvariantCulture), startedAt, credit);
    }
}
