using Radio.Web.Station;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

/// <summary>API.md, Station: the stored schedule keeps every instance on one programme, to the byte.</summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterStationTests(Cluster cluster, ITestOutputHelper output)
{
    [Fact]
    public Task Now_playing_agrees_on_every_instance_on_the_song_and_within_half_a_second_on_the_position() =>
        cluster.ExplainAsync(output, async () =>
        {
            NowPlayingResponse[] playing;
            for (var attempt = 1; ; attempt++)
            {
                await AwayFromASongChangeAsync();
                var answers = await Task.WhenAll(cluster.Direct.Select(TimedNowPlayingAsync));
                playing = [.. answers.Select(a => a.NowPlaying)];
                // each position is the instance's at the moment it answered: judged only from answers that came at
                // about the same moment (on a loaded machine one instance may answer a second after the others)
                if (answers.All(a => a.Took < QuickAnswer) || attempt == 5)
                {
                    break;
                }

                output.WriteLine($"attempt {attempt}: answers took {string.Join(", ", answers.Select(a => a.Took))}; asking again");
            }

            playing.Select(p => p.Song!.Id).Distinct().Should().ContainSingle("every instance plays the same song");
            playing.Select(p => p.StartedAt).Distinct().Should().ContainSingle("from the same stored start");
            var positions = playing.Select(p => p.PositionSeconds).ToArray();
            (positions.Max() - positions.Min()).Should().BeLessThan(0.5, "positions {0}", string.Join(", ", positions));
        });

    [Fact]
    public Task Stream_listeners_on_different_instances_receive_the_same_audio_bytes() =>
        cluster.ExplainAsync(output, async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                // instances 1 and 2, and through nginx whichever instance it picks
                var heard = await Task.WhenAll(cluster.Direct[..2].Append(cluster.Proxy).Select(d => ListenAsync(d, TimeSpan.FromSeconds(4))));
                var same = SameWhereTheyOverlap(heard[0], heard[1]) && SameWhereTheyOverlap(heard[0], heard[2]);
                if (!same && attempt < 3 && heard.Any(ClusterSongs.SkipsAhead))
                {
                    // a producer that stalls past a second rejoins the schedule live, skipping what it missed: its
                    // listeners miss those frames, and that is the one way two instances' bytes differ
                    output.WriteLine($"attempt {attempt}: a producer stalled and skipped ahead; listening again");
                    continue;
                }

                same.Should().BeTrue("where their listening overlaps, the instances sent the same bytes; frames (song:frame):\n{0}",
                    string.Join('\n', heard.Select(ClusterSongs.Describe)));
                return;
            }
        });

    /// <summary>Aligns the two on a window of the first (unique in the programme: each frame is numbered) and compares the overlap.</summary>
    private static bool SameWhereTheyOverlap(byte[] first, byte[] second)
    {
        var at = second.AsSpan().IndexOf(first.AsSpan(first.Length / 2, 4096));
        if (at < 0)
        {
            return false;
        }

        var shift = at - (first.Length / 2);
        var from = Math.Max(0, -shift);
        var to = Math.Min(first.Length, second.Length - shift);
        return to - from > 2 * ClusterSongs.BytesPerSecond // both listened at the same time
            && first.AsSpan(from, to - from).SequenceEqual(second.AsSpan(from + shift, to - from));
    }

    private static readonly TimeSpan QuickAnswer = TimeSpan.FromMilliseconds(200);

    private static async Task<(NowPlayingResponse NowPlaying, TimeSpan Took)> TimedNowPlayingAsync(HttpClient client)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var playing = await client.NowPlayingAsync();
        return (playing, System.Diagnostics.Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Waits until the song playing has at least a second before and after it, so no answer straddles a change.</summary>
    private async Task AwayFromASongChangeAsync()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = await cluster.Direct[0].NowPlayingAsync();
            if (now.PositionSeconds > 1 && now.PositionSeconds < now.Song!.DurationSeconds - 1)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<byte[]> ListenAsync(HttpClient instance, TimeSpan duration)
    {
        using var response = await instance.GetAsync("/radio/stream", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var n = await body.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
        }

        return received.ToArray();
    }
}
