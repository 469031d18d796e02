using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.TestData;
using Radio.Web.Library;

namespace Radio.IntegrationTests.Library;

/// <summary>Only the MPEG frames of an upload (and its ID3 tags) are stored and served.</summary>
public sealed class StoredAudioTests(RadioApp app) : IClassFixture<RadioApp>
{
    private static readonly byte[] Html = "<html><script>alert('not audio')</script></html>"u8.ToArray();

    [Fact]
    public async Task Bytes_after_the_last_frame_are_dropped_and_never_served()
    {
        var (artist, _) = await app.NewArtistAsync();
        var frames = Mp3Writer.WithId3v2(Mp3Writer.Cbr(3));

        var song = await UploadAsync(artist, Mp3Writer.Concat(frames, Html));

        (await AudioAsync(song.Id)).Should().Equal(frames);
        (await StoredBytesAsync(song.Id)).Should().Be(frames.Length);
        var range = new HttpRequestMessage(HttpMethod.Get, $"/songs/{song.Id}/audio") { Headers = { Range = new RangeHeaderValue(frames.Length - 10, null) } };
        var tail = await app.CreateClient().SendAsync(range);
        tail.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await tail.Content.ReadAsByteArrayAsync()).Should().Equal(frames[^10..], "the stored file ends with the last frame");
    }

    [Fact]
    public async Task A_trailing_ID3v1_tag_is_kept_right_after_the_frames()
    {
        var (artist, _) = await app.NewArtistAsync();
        var tagged = Mp3Writer.WithId3v1(Mp3Writer.Cbr(3));

        var song = await UploadAsync(artist, Mp3Writer.Concat(tagged[..^128], Html, tagged[^128..]));

        (await AudioAsync(song.Id)).Should().Equal(tagged);
        (await StoredBytesAsync(song.Id)).Should().Be(tagged.Length);
    }

    [Fact]
    public async Task A_file_whose_frames_cover_less_than_90_percent_after_its_ID3v2_tag_is_400_and_leaves_nothing()
    {
        var (artist, _) = await app.NewArtistAsync();
        var frames = Mp3Writer.Cbr(1);
        var before = await app.StoredAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(Mp3Writer.WithId3v2(Mp3Writer.Concat(frames, new byte[frames.Length / 8]), bodyBytes: 50_000)));

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors.Should().ContainKey("file").WhoseValue.Single().Should().Contain("90%");
        (await app.StoredAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_file_whose_frames_cover_90_percent_is_stored_as_its_frames()
    {
        var (artist, _) = await app.NewArtistAsync();
        var frames = Mp3Writer.Cbr(1);

        var song = await UploadAsync(artist, Mp3Writer.Concat(frames, new byte[frames.Length / 10]));

        (await AudioAsync(song.Id)).Should().Equal(frames);
    }

    private static async Task<SongResponse> UploadAsync(HttpClient artist, byte[] file)
    {
        var response = await artist.UploadAsync(LibraryApi.Form(file));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<SongResponse>())!;
    }

    private Task<byte[]> AudioAsync(int songId) => app.CreateClient().GetByteArrayAsync($"/songs/{songId}/audio");

    private async Task<long> StoredBytesAsync(int songId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RadioDbContext>().Songs
            .Where(s => s.Id == songId).Select(s => s.AudioBytes).SingleAsync();
    }
}
