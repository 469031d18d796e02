using Radio.Infrastructure.Media;
using Radio.IntegrationTests.Station;

namespace Radio.IntegrationTests.Relay;

public sealed class RelayTests(RelayApp app) : IClassFixture<RelayApp>
{
    private static readonly TimeSpan MountTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_listener_of_Icecast_receives_valid_mpeg_audio_at_the_streams_rate()
    {
        using var listener = await IcecastListener.ConnectAsync(app.Icecast, MountTimeout);
        await listener.ReadForAsync(TimeSpan.FromSeconds(5)); // Icecast's burst is long delivered

        listener.ContentType.Should().Be("audio/mpeg");
        await StationSongs.ShouldArriveAtRealTimeAsync(
            async () =>
            {
                var before = listener.Audio.Length;
                var reading = System.Diagnostics.Stopwatch.StartNew();
                await listener.ReadForAsync(TimeSpan.FromSeconds(5));
                return (listener.Audio.Length - before) / reading.Elapsed.TotalSeconds;
            },
            StationSongs.BytesPerSecond * 0.8, StationSongs.BytesPerSecond * 1.2);
        FramesCovered(listener.Audio.ToArray()).Should().BeGreaterThan(0.98, "everything Icecast passes on is whole MP3 frames");
    }

    [Fact]
    public async Task A_listener_of_Icecast_gets_the_title_on_the_air()
    {
        using var listener = await IcecastListener.ConnectAsync(app.Icecast, MountTimeout);
        await listener.ReadForAsync(TimeSpan.FromSeconds(3));

        listener.Titles.Should().NotBeEmpty();
        listener.Titles[0].Title.Should().MatchRegex("^Test Artist - Song [AB]$");
    }

    [Fact]
    public async Task After_a_song_change_the_title_at_Icecast_follows_within_2_seconds()
    {
        using var icecast = await IcecastListener.ConnectAsync(app.Icecast, MountTimeout);
        using var response = await app.CreateClient().OpenStreamAsync(icy: true);
        using var radio = await IcecastListener.OfAsync(response);

        await Task.WhenAll(icecast.ReadForAsync(TimeSpan.FromSeconds(12)), radio.ReadForAsync(TimeSpan.FromSeconds(12)));

        // the songs last 4 s: 12 s hold at least two changes, each seen on Radio's stream and then through Icecast
        var changes = radio.Titles.Skip(1).ToList();
        changes.Should().HaveCountGreaterThanOrEqualTo(2);
        foreach (var (at, title) in changes.Take(changes.Count - 1))
        {
            icecast.Titles.Should().Contain(t => t.Title == title && t.At >= at - TimeSpan.FromSeconds(2) && t.At <= at + TimeSpan.FromSeconds(2),
                $"'{title}' went on the air on Radio's stream at {at}");
        }
    }

    /// <summary>The share of the bytes that are a chain of MP3 frames, from the first frame on.</summary>
    internal static double FramesCovered(byte[] audio)
    {
        var start = 0;
        while (start < audio.Length - 4 && !Chains(audio, start))
        {
            start++;
        }

        var position = start;
        while (position < audio.Length && Mp3Frames.TryReadHeader(audio.AsSpan(position), out var header))
        {
            position += header.FrameLength;
        }

        return (double)(Math.Min(position, audio.Length) - start) / audio.Length;
    }

    private static bool Chains(byte[] audio, int start)
    {
        var position = start;
        for (var i = 0; i < 3; i++)
        {
            if (!Mp3Frames.TryReadHeader(audio.AsSpan(position), out var header))
            {
                return false;
            }

            position += header.FrameLength;
        }

        return true;
    }
}
