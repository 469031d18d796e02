using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using WriteSteps = Radio.Infrastructure.Instances.RedisHeartbeats.WriteSteps;

namespace Radio.Infrastructure.Instances;

/// <summary>
/// The heartbeats' writes of this instance, sent to Redis together: while one batch is on its way, the writes that
/// arrive wait and go as the next, in one <c>EVALSHA</c> of one script that runs each heartbeat's steps in turn. A
/// lone heartbeat goes at once, alone, as before; under load a round trip carries as many as arrived during the last
/// (up to <see cref="MaxBatch"/>), so this instance and Redis pay the call (its message, its syscalls, the threads
/// it wakes) once per batch instead of once per heartbeat. A round trip cost this instance more CPU than a whole
/// heartbeat held in memory (README, Performance). Each heartbeat still runs atomically, and one that fails (a Lua
/// error) fails alone: the others in its batch are written and answered.
/// </summary>
internal sealed partial class HeartbeatWrites(IConnectionMultiplexer redis)
{
    /// <summary>
    /// The most heartbeats one script runs. Redis runs nothing else meanwhile: at the 30–35 µs a heartbeat's steps took
    /// Redis on the benchmark's busy cores, about 2 ms for these many.
    /// </summary>
    internal const int MaxBatch = 64;

    private static readonly RedisScript Script = new(Compose(WriteSteps.Known));
    private readonly Lock _gate = new();
    private List<Pending> _waiting = new(MaxBatch);
    private bool _sending;

    /// <summary>This heartbeat's answer: its steps' results, or the answer of the guard that stopped them.</summary>
    public Task<RedisResult> WriteAsync(WriteSteps write)
    {
        var pending = new Pending(write);
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_sending)
            {
                return pending.Task;
            }

            _sending = true;
        }

        // on this thread until the batch is handed to the connection; the batches after it are no part of this
        // request, so they do not carry its context (its HttpContext, its log scope) along
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = SendAsync();
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = SendAsync();
            }
        }

        return pending.Task;
    }

    private async Task SendAsync()
    {
        var batch = Take()!;
        var sent = Send(batch);
        while (true)
        {
            RedisResult? answer = null;
            Exception? failure = null;
            try
            {
                answer = await sent.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }

            // the next batch leaves before this one's heartbeats are answered
            var next = Take();
            if (next is not null)
            {
                sent = Send(next);
            }

            Answer(batch, answer, failure);
            if (next is null)
            {
                return;
            }

            batch = next;
        }
    }

    /// <summary>What waits, up to a batch; null (and nothing sending) when nothing does.</summary>
    private List<Pending>? Take()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _sending = false;
                return null;
            }

            if (_waiting.Count <= MaxBatch)
            {
                var all = _waiting;
                _waiting = new List<Pending>(MaxBatch);
                return all;
            }

            var first = _waiting.GetRange(0, MaxBatch);
            _waiting.RemoveRange(0, MaxBatch);
            return first;
        }
    }

    private Task<RedisResult> Send(List<Pending> batch)
    {
        try
        {
            // the arrays the call takes, filled in place: no list to grow and copy again for every batch
            var (keyCount, valueCount) = (0, 1);
            foreach (var pending in batch)
            {
                keyCount += pending.Write.KeyCount;
                valueCount += pending.Write.ValueCount;
            }

            var keys = new RedisKey[keyCount];
            var values = new RedisValue[valueCount];
            values[0] = batch.Count;
            var (key, value) = (0, 1);
            foreach (var pending in batch)
            {
                pending.Write.CopyTo(keys, ref key, values, ref value);
            }

            return Script.EvaluateAsync(redis.GetDatabase(), keys, values);
        }
        catch (Exception e)
        {
            return Task.FromException<RedisResult>(e);
        }
    }

    /// <summary>Answers every heartbeat of the batch, and throws nothing: the loop that sends the next must go on.</summary>
    private static void Answer(List<Pending> batch, RedisResult? answer, Exception? failure)
    {
        var answers = failure is null && answer is { Resp2Type: ResultType.Array } && answer.Length == batch.Count
            ? (RedisResult[])answer!
            : null;
        failure ??= answers is null ? new InvalidOperationException("Redis answered a batch of heartbeats with something else.") : null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (failure is not null)
            {
                batch[i].TrySetException(failure);
            }
            else if (Failed(answers![i]) is { } error)
            {
                // a bug (the script's or the data's) is a 500; only a Redis that cannot write now (out of memory, say)
                // is a 503 that asks the client to try again
                batch[i].TrySetException(RedisKeys.IsUnavailableReply(error)
                    ? RedisKeys.Unavailable()
                    : new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, error));
            }
            else
            {
                batch[i].TrySetResult(answers[i]);
            }
        }
    }

    /// <summary>
    /// The error a heartbeat's steps raised, answered as <c>{ 'error', message }</c>: every other answer starts with a
    /// number, and an error reply inside the batch's array would fail the whole reply in StackExchange.Redis 3.4
    /// ("Unexpected response to EVALSHA") and drop the connection.
    /// </summary>
    private static string? Failed(RedisResult answer) =>
        answer.Length == 2 && answer[0].Resp2Type == ResultType.BulkString && (string?)answer[0] == "error" ? (string?)answer[1] : null;

    /// <summary>
    /// The script that runs a batch. ARGV: the number of heartbeats, then each heartbeat's: its number of steps, each
    /// step's (index in <paramref name="steps"/> from 1, its KEYS, its ARGV), and its steps' values; KEYS: each
    /// heartbeat's steps' keys. Each step is a store's own script as a function of where its KEYS and ARGV start
    /// (<c>KEYS[n]</c> is read past the keys before it, <c>#ARGV</c> counts its own): its <c>return</c> ends only
    /// that step. A guard's answer, when it gives one, is the heartbeat's: its steps after the guard do not run (so
    /// guards come first, and write nothing they would not keep); otherwise the heartbeat's answer holds each step's
    /// result, 1 for a guard that let the others run. A heartbeat whose steps raise an error answers that error, alone (<see cref="Failed"/>).
    /// </summary>
    internal static string Compose(IReadOnlyList<(string Name, string Lua, bool Guard)> steps)
    {
        var lua = new StringBuilder("local steps, guards = {}, {}\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var (name, text, guard) = steps[i];
            if (text.Contains("#KEYS", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Step {name} counts its KEYS, which a batch does not tell it.");
            }

            var body = Indexed().Replace(text, m => $"{m.Groups[1].Value}[{(m.Groups[1].Value == "KEYS" ? "kb" : "ab")} + ({m.Groups[2].Value})]")
                .Replace("#ARGV", "na", StringComparison.Ordinal);
            lua.Append(FormattableString.Invariant($"-- {name}\nsteps[{i + 1}] = function(kb, ab, na)\n{body}\nend\n"));
            lua.Append(FormattableString.Invariant($"guards[{i + 1}] = {(guard ? "true" : "false")}\n"));
        }

        return lua.Append("""
            local function beat(a, count, kb, ab)
              local out = {}
              for s = 1, count do
                local id, nk, na = tonumber(ARGV[a + 3 * s - 2]), tonumber(ARGV[a + 3 * s - 1]), tonumber(ARGV[a + 3 * s])
                local r = steps[id](kb, ab, na)
                if guards[id] then
                  if r then return r end
                  r = 1
                end
                out[s] = r
                kb, ab = kb + nk, ab + na
              end
              return out
            end
            local answers = {}
            local a, k = 2, 0
            for h = 1, tonumber(ARGV[1]) do
              local count = tonumber(ARGV[a])
              local ab = a + 3 * count
              local ok, answer = pcall(beat, a, count, k, ab)
              if ok then
                answers[h] = answer
              else
                answers[h] = { 'error', type(answer) == 'table' and answer.err or tostring(answer) }
              end
              for s = 1, count do
                k, ab = k + tonumber(ARGV[a + 3 * s - 1]), ab + tonumber(ARGV[a + 3 * s])
              end
              a = ab + 1
            end
            return answers
            """).ToString();
    }

    [GeneratedRegex(@"\b(KEYS|ARGV)\[([^\[\]]+)\]")]
    private static partial Regex Indexed();

    private sealed class Pending(WriteSteps write) : TaskCompletionSource<RedisResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public WriteSteps Write { get; } = write;
    }
}
