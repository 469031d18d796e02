using System.Net;
using System.Text;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Library;
using Radio.IntegrationTests.Station;
using Radio.TestData;

namespace Radio.IntegrationTests.Operations;

/// <summary>
/// API.md, Limits and abuse: a JSON body is at most 64 KiB, a heartbeat's at most 4 KiB, else 413. Over real Kestrel:
/// the limit is the server's per-request body limit, which the in-memory test server does not apply.
/// </summary>
public sealed class BodyLimitTests(KestrelRadioApp app) : IClassFixture<KestrelRadioApp>
{
    [Theory]
    [InlineData(4 * 1024 + 1, true)]
    [InlineData(4 * 1024 + 1, false)]
    public async Task A_heartbeat_body_over_4_KiB_is_413_whether_or_not_its_length_is_declared(int bytes, bool declared)
    {
        var response = await app.CreateClient().PostAsync("/api/heartbeat", Json(Heartbeat(bytes), declared));

        var problem = await response.ShouldBeProblemAsync(413);
        problem.Detail.Should().NotBeNullOrEmpty();
        response.Headers.Contains("Set-Cookie").Should().BeFalse("a refused heartbeat mints no listener");
    }

    [Fact]
    public async Task A_heartbeat_body_of_4_KiB_is_read()
    {
        var response = await app.CreateClient().PostAsync("/api/heartbeat", Json(Heartbeat(4 * 1024), declared: true));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Any_other_JSON_body_over_64_KiB_is_413(bool declared)
    {
        var response = await app.CreateClient().PostAsync("/auth/login", Json(Login(64 * 1024 + 1), declared));

        await response.ShouldBeProblemAsync(413);
    }

    [Fact]
    public async Task A_JSON_body_of_64_KiB_is_read()
    {
        var response = await app.CreateClient().PostAsync("/auth/login", Json(Login(64 * 1024), declared: true));

        await response.ShouldBeProblemAsync(401); // read, and answered as a wrong password
    }

    [Fact]
    public async Task An_upload_keeps_its_own_larger_limit()
    {
        var (artist, _) = await app.NewArtistAsync();

        var response = await artist.UploadAsync(LibraryApi.Form(Mp3Writer.Cbr(10)));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A valid heartbeat padded with whitespace to exactly <paramref name="bytes"/> bytes.</summary>
    private static string Heartbeat(int bytes) =>
        Padded("{\"connect_time\":\"2026-01-01T00:00:00Z\",\"played_seconds\":1", bytes);

    private static string Login(int bytes) => Padded("{\"username\":\"nobody_here\",\"password\":\"password123\"", bytes);

    private static string Padded(string withoutEnd, int bytes) => withoutEnd + new string(' ', bytes - withoutEnd.Length - 1) + "}";

    private static HttpContent Json(string body, bool declared)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        HttpContent content = declared ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A body sent without Content-Length (chunked), so the server learns its size only by reading it.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
