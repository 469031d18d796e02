using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Radio.TestData.Engines;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

/// <summary>
/// Issue 13 on the cluster: instances 1 and 2 both have <c>Radio__Relay__Url</c>; one sends to Icecast at a time, and
/// when it dies the other takes over.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterRelayTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(10);

    [Fact]
    public Task One_instance_at_a_time_sends_the_station_to_Icecast_and_the_other_says_it_is_not_connected() =>
        cluster.ExplainAsync(output, async () =>
        {
            var sender = await SenderAsync(TimeSpan.FromSeconds(20));
            var other = 1 - sender;
            var otherSentBefore = await MetricAsync(cluster.Direct[other], "radio_relay_sent_bytes_total");

            for (var sample = 0; sample < 8; sample++)
            {
                (await MetricAsync(cluster.Direct[sender], "radio_relay_connected")).Should().Be(1, "the holder of the lease sends");
                (await MetricAsync(cluster.Direct[other], "radio_relay_connected")).Should().Be(0, "the other instance is not connected");
                (await SourcesAsync()).Should().Be(1, "Icecast lists one source on the mount");
                await Task.Delay(250);
            }

            (await MetricAsync(cluster.Direct[other], "radio_relay_sent_bytes_total")).Should().Be(otherSentBefore, "the other sent nothing meanwhile");
            (await HearIcecastAsync(TimeSpan.FromSeconds(5))).Should().BeTrue("a listener on Icecast receives the programme");
        });

    [Fact]
    public Task Killing_the_sending_instance_moves_the_relay_to_the_other_within_10_seconds() =>
        cluster.ExplainAsync(output, async () =>
        {
            var sender = await SenderAsync(TimeSpan.FromSeconds(20));
            var other = 1 - sender;
            try
            {
                var clock = Stopwatch.StartNew();
                cluster.Instances[sender].Kill();

                // Icecast takes one source per mount: once the other is connected, the dead one's source is gone
                var connected = await ClusterApi.WithinAsync(Takeover, async () =>
                    await MetricAsync(cluster.Direct[other], "radio_relay_connected") == 1);
                var heard = await HearIcecastAsync(Takeover - clock.Elapsed);
                var tookOver = clock.Elapsed;

                connected.Should().NotBeNull($"{cluster.Instances[other].Name} connects to Icecast within 10 s of the kill");
                heard.Should().BeTrue("a new listener on Icecast receives audio again");
                tookOver.Should().BeLessThan(Takeover);
                (await SourcesAsync()).Should().Be(1);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the relay was back {tookOver.TotalSeconds:0.0} s after the kill"));
            }
            finally
            {
                cluster.Instances[sender].Restart();
            }
        });

    /// <summary>Which of instances 1 and 2 (0 or 1) says it is connected, once exactly one does.</summary>
    private async Task<int> SenderAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var connected = await Task.WhenAll(cluster.Direct[..2].Select(d => MetricAsync(d, "radio_relay_connected")));
            if (connected.Sum() == 1 && await SourcesAsync() == 1)
            {
                return Array.IndexOf(connected, 1.0);
            }

            clock.Elapsed.Should().BeLessThan(within, "one instance connects to Icecast ({0})", string.Join(", ", connected));
            await Task.Delay(200);
        }
    }

    /// <summary>A sample's value in the instance's Prometheus text (a gauge or counter without labels to tell apart).</summary>
    private static async Task<double> MetricAsync(HttpClient instance, string name)
    {
        var text = await instance.GetStringAsync("/metrics");
        var samples = text.Split('\n')
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
        return samples.Sum();
    }

    /// <summary>How many sources Icecast's admin lists.</summary>
    private async Task<int> SourcesAsync()
    {
        using var client = new HttpClient { BaseAddress = cluster.Icecast.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"admin:{IcecastServer.AdminPassword}")));
        var xml = await client.GetStringAsync("/admin/listmounts");
        return xml.Split("<source mount=").Length - 1;
    }

    /// <summary>Whether a new listener of the Icecast mount receives a second of audio within <paramref name="within"/>.</summary>
    private async Task<bool> HearIcecastAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = cluster.Icecast.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                using var response = await client.GetAsync(IcecastServer.Mount, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                    var audio = new byte[ClusterSongs.BytesPerSecond];
                    await body.ReadExactlyAsync(audio, deadline.Token);
                    return audio.AsSpan().IndexOf([(byte)0xFF, (byte)0xFB]) >= 0; // an MPEG-1 Layer III frame header
                }

                await Task.Delay(200, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
