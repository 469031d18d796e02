using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

/// <summary>API.md, Deployment: an instance killed and a Redis restarted, with listeners listening throughout.</summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterFailureTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public Task Killing_one_instance_leaves_the_others_playing_the_programme_without_a_gap_and_loses_at_most_the_unwritten_credit() =>
        cluster.ExplainAsync(output, async () =>
        {
            var killed = cluster.Instances[2];
            try
            {
                var auth = await cluster.Direct[0].RegisterAsync();
                var listener = new Listener(auth.Token);
                await listener.BeatAsync(cluster.Direct, beats: 6);
                using var stream = await cluster.Direct[1].GetAsync("/radio/stream", HttpCompletionOption.ResponseHeadersRead);
                await using var audio = await stream.Content.ReadAsStreamAsync();
                await audio.ReadExactlyAsync(new byte[2 * ClusterSongs.BytesPerSecond]); // the burst: then it is live
                var killedAt = TimeProvider.System.GetUtcNow();

                killed.Kill();
                var heard = CountBytesAsync(audio, TimeSpan.FromSeconds(10));
                await listener.BeatAsync(cluster.Direct[..2], beats: (int)(2 * Cluster.SongSeconds) + 2);

                var played = (await cluster.Direct[0].HistoryAsync(limit: 50)).OrderBy(p => p.StartedAt)
                    .Where(p => p.StartedAt >= killedAt.AddSeconds(-2 * Cluster.SongSeconds)).ToList();
                played.Count(p => p.StartedAt > killedAt).Should().BeGreaterThanOrEqualTo(2, "songs kept changing after the kill");
                foreach (var (previous, next) in played.Zip(played.Skip(1)))
                {
                    (next.StartedAt - previous.StartedAt).TotalSeconds.Should().BeApproximately(previous.DurationSeconds, 0.01,
                        $"song {next.Id} starts where song {previous.Id} ends");
                }

                (await heard).Should().BeGreaterThan((long)(0.9 * 10 * ClusterSongs.BytesPerSecond),
                    "a stream listener on a surviving instance heard the programme on without a pause");
                var now = await Task.WhenAll(cluster.Direct[..2].Select(d => d.NowPlayingAsync()));
                now.Select(n => n.StartedAt).Distinct().Should().ContainSingle("the two left still play one programme");
                listener.Last.TotalSeconds.Should().BeGreaterThanOrEqualTo((long)listener.Played - ClusterSettings.FlushThresholdSeconds - 1,
                    "at most the credit of one unwritten batch is lost with the instance")
                    .And.BeLessThanOrEqualTo((long)listener.Played + 30);
            }
            finally
            {
                killed.Restart();
            }
        });

    [Fact]
    public Task A_Redis_restart_loses_no_stored_credit_and_heartbeats_recover_without_restarting_Radio() =>
        cluster.ExplainAsync(output, async () =>
        {
            var pids = cluster.Instances.Select(i => i.ProcessId).ToArray();
            var auth = await cluster.Direct[0].RegisterAsync();
            var listener = new Listener(auth.Token);
            await listener.BeatAsync(cluster.Direct, beats: ClusterSettings.FlushThresholdSeconds + 2);
            (await ClusterApi.WithinAsync(TimeSpan.FromSeconds(3), async () => await cluster.StoredTotalAsync(auth.User.Id) > 0))
                .Should().NotBeNull("a batch reached the threshold and was stored");
            var stored = await cluster.StoredTotalAsync(auth.User.Id);

            cluster.Redis.Stop();
            var outage = await ClusterApi.WithinAsync(TimeSpan.FromSeconds(10), async () =>
            {
                using var response = await cluster.Direct[1].PostHeartbeatAsync(auth.Token, listener.Connect, listener.Played);
                return response.StatusCode == HttpStatusCode.ServiceUnavailable;
            });
            cluster.Redis.Start();

            outage.Should().NotBeNull("a heartbeat without Redis is a 503");
            var connect = TimeProvider.System.GetUtcNow();
            foreach (var instance in cluster.Direct)
            {
                (await ClusterApi.WithinAsync(TimeSpan.FromSeconds(15), async () =>
                {
                    using var response = await instance.PostHeartbeatAsync(auth.Token, connect, 0);
                    return response.StatusCode == HttpStatusCode.OK;
                })).Should().NotBeNull($"{instance.BaseAddress} takes heartbeats again by itself");
            }

            cluster.Instances.Select(i => i.ProcessId).Should().Equal(pids, "no instance was restarted");
            cluster.Instances.Should().OnlyContain(i => i.Running);
            (await cluster.StoredTotalAsync(auth.User.Id)).Should().BeGreaterThanOrEqualTo(stored, "stored credit stays stored");
            (await cluster.Direct[2].HeartbeatAsync(auth.Token, connect, 0)).TotalSeconds.Should().BeGreaterThanOrEqualTo(stored);
            await Task.WhenAll(cluster.Instances.Select(i => i.WaitReadyAsync(TimeSpan.FromSeconds(30))));
        });

    private static async Task<long> CountBytesAsync(Stream audio, TimeSpan duration)
    {
        var buffer = new byte[16 * 1024];
        var clock = Stopwatch.StartNew();
        long total = 0;
        while (clock.Elapsed < duration)
        {
            var n = await audio.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>A player's heartbeats, one a second, sent to the given instances in turn.</summary>
    private sealed class Listener(string token)
    {
        private readonly Stopwatch _listening = Stopwatch.StartNew();
        private int _beats;

        public DateTimeOffset Connect { get; } = TimeProvider.System.GetUtcNow();

        public double Played { get; private set; }

        public ClusterApi.Heartbeat Last { get; private set; } = null!;

        public async Task BeatAsync(HttpClient[] instances, int beats)
        {
            for (var beat = 0; beat < beats; beat++, _beats++)
            {
                Played = _listening.Elapsed.TotalSeconds;
                Last = await instances[_beats % instances.Length].HeartbeatAsync(token, Connect, Played);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
