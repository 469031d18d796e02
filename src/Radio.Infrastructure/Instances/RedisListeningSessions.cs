using System.Globalization;
using Microsoft.Extensions.Options;
using Radio.Domain.Listening;
using StackExchange.Redis;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The listening sessions of all instances, in Redis: a heartbeat may reach any instance, and each applies the
/// domain's <see cref="ListeningSession"/> rules to the state it reads, then writes it back only if no other
/// heartbeat changed it meanwhile (a transaction conditioned on the value read), else reads again. So concurrent
/// heartbeats of one listener apply one at a time wherever they land, and credit once.
/// </summary>
internal sealed class RedisListeningSessions(IConnectionMultiplexer redis, IOptions<RadioOptions> options) : IListeningSessions
{
    // an ended session is a new one whatever it holds: the key only has to outlive the timeout
    private static readonly TimeSpan KeyMargin = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _timeout = options.Value.Listening.SessionTimeout;

    public async ValueTask<SessionBeat> BeatAsync(
        ListenerId listener, DateTimeOffset connectTime, double playedSeconds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.Session(listener);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await RedisKeys.Answer(db.StringGetAsync(key));
            var session = read.IsNull ? null : ListeningSession.Restore(Parse(read!));
            SessionBeat beat;
            var replacedEnded = RedisValue.Null;
            if (session is null || session.HasEnded(now, _timeout))
            {
                replacedEnded = session is null ? RedisValue.Null : read;
                session = ListeningSession.Start(connectTime, playedSeconds, now);
                beat = session.FirstBeat;
            }
            else
            {
                beat = session.Beat(connectTime, playedSeconds, now);
            }

            var write = db.CreateTransaction();
            write.AddCondition(read.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, read));
            _ = write.StringSetAsync(key, Format(session.State), _timeout + KeyMargin);
            _ = write.SortedSetAddAsync(RedisKeys.Live, listener.Value, RedisKeys.Milliseconds(session.LastBeatAt));
            RedisEndedSessions.AddTo(write, listener, session, replacedEnded);
            if (await RedisKeys.Answer(write.ExecuteAsync()))
            {
                return beat;
            }
        }
    }

    public async ValueTask<int> CountLiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        // listeners whose latest heartbeat is a timeout old have ended; they are dropped as the count passes
        var since = RedisKeys.Milliseconds(now - _timeout);
        var batch = db.CreateBatch();
        _ = batch.SortedSetRemoveRangeByScoreAsync(RedisKeys.Live, double.NegativeInfinity, since, Exclude.Stop);
        var live = batch.SortedSetLengthAsync(RedisKeys.Live, since, double.PositiveInfinity, Exclude.Start);
        batch.Execute();
        return (int)await RedisKeys.Answer(live);
    }

    internal static string Format(SessionState s) => string.Join(
        '|',
        s.StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        s.ConnectTime.UtcTicks.ToString(CultureInfo.InvariantCulture),
        s.PlayedSeconds.ToString("R", CultureInfo.InvariantCulture),
        s.LastBeatAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        s.CreditedSeconds.ToString("R", CultureInfo.InvariantCulture));

    internal static SessionState Parse(string value)
    {
        var parts = value.Split('|');
        return new SessionState(
            Ticks(parts[0]), Ticks(parts[1]), double.Parse(parts[2], CultureInfo.InvariantCulture),
            Ticks(parts[3]), double.Parse(parts[4], CultureInfo.InvariantCulture));

        static DateTimeOffset Ticks(string part) => new(long.Parse(part, CultureInfo.InvariantCulture), TimeSpan.Zero);
    }
}
