using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Radio.Web.Accounts;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

/// <summary>API.md, Listening and Deployment (several instances), on three real processes behind nginx.</summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterListeningTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public Task A_listener_whose_heartbeats_go_round_robin_to_every_instance_keeps_one_session_and_is_credited_once() =>
        cluster.ExplainAsync(output, async () =>
        {
            var auth = await cluster.Proxy.RegisterAsync();
            var connect = TimeProvider.System.GetUtcNow();
            var listening = Stopwatch.StartNew();
            var instances = new HashSet<string>();
            ClusterApi.Heartbeat last = null!;
            double played = 0;

            for (var beat = 0; beat < 9; beat++)
            {
                played = listening.Elapsed.TotalSeconds;
                using var response = await cluster.Proxy.PostHeartbeatAsync(auth.Token, connect, played);
                ((int)response.StatusCode).Should().Be(200, await response.Content.ReadAsStringAsync());
                instances.Add(response.Headers.GetValues("X-Upstream").Single());
                last = (await response.Content.ReadFromJsonAsync<ClusterApi.Heartbeat>(ClusterApi.Json))!;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            instances.Should().HaveCount(3, "nginx passed the heartbeats round robin to all three instances");
            last.SessionSeconds.Should().BeInRange((long)played - 1, (long)played + 1,
                "one session holds the whole time listened, whichever instance took each heartbeat");
            last.TotalSeconds.Should().Be(last.SessionSeconds, "a new account has heard only this session")
                .And.BeLessThanOrEqualTo((long)listening.Elapsed.TotalSeconds + 30);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // a flush interval and a little more
            var stored = await cluster.StoredTotalAsync(auth.User.Id);
            stored.Should().BeInRange(last.TotalSeconds - ClusterSettings.FlushThresholdSeconds, last.TotalSeconds,
                "what reached the threshold is stored, each second once");
            foreach (var instance in cluster.Direct)
            {
                using var me = await instance.SendAsync(HttpMethod.Get, "/users/me", auth.Token);
                (await me.Content.ReadFromJsonAsync<UserResponse>(ClusterApi.Json))!.TotalListenTime
                    .Should().Be(last.TotalSeconds, $"{instance.BaseAddress} shows stored plus unstored credit");
            }
        });

    [Fact]
    public Task Listeners_in_now_playing_is_the_same_on_every_instance_and_counts_the_sessions_of_all() =>
        cluster.ExplainAsync(output, async () =>
        {
            int[] before = [], after = [];
            for (var attempt = 0; attempt < 3; attempt++)
            {
                // sessions of earlier tests may end meanwhile: only then is another attempt needed
                before = await CountsAsync();
                foreach (var instance in cluster.Direct)
                {
                    var anonymous = await (await instance.PostAsync("/auth/anonymous", null)).Content.ReadFromJsonAsync<JsonElement>();
                    await instance.HeartbeatAsync(anonymous.GetProperty("token").GetString()!, TimeProvider.System.GetUtcNow(), 0);
                }

                after = await CountsAsync();
                if (before.Distinct().Count() == 1 && after.Distinct().Count() == 1 && after[0] == before[0] + 3)
                {
                    break;
                }
            }

            after.Distinct().Should().ContainSingle("every instance counts the same sessions: {0}", string.Join(", ", after));
            after[0].Should().Be(before[0] + 3, "one new listener on each of three instances");
        });

    private async Task<int[]> CountsAsync() =>
        [.. (await Task.WhenAll(cluster.Direct.Select(d => d.NowPlayingAsync()))).Select(n => n.Listeners)];
}
