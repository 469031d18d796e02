using System.Text;
using Radio.Web.Station;

namespace Radio.UnitTests.Web.Station;

public sealed class StreamRequestTests
{
    [Fact]
    public void A_whole_stream_request_is_recognised_with_its_length()
    {
        var head = "GET /radio/stream HTTP/1.1\r\nHost: radio\r\nUser-Agent: mpv\r\n\r\n";

        StreamRequest.TryParse(Bytes(head), out var request).Should().BeTrue();

        request.HeadLength.Should().Be(head.Length, "exactly the request is consumed, nothing after it");
        request.IcyMetadata.Should().BeFalse();
    }

    [Theory]
    [InlineData("GET /radio/stream HTTP/1.1", "/radio/stream")]
    [InlineData("GET /radio/events HTTP/1.1", "/radio/events")]
    [InlineData("GET /radio/events?since=1 HTTP/1.0", "/radio/events")]
    public void The_live_events_are_recognised_as_the_stream_is_with_the_path_asked_for(string line, string path)
    {
        StreamRequest.TryParse(Bytes($"{line}\r\nHost: radio\r\nLast-Event-ID: 3\r\n\r\n"), out var request).Should().BeTrue();

        request.Path.Should().Be(path);
    }

    [Theory]
    [InlineData("Icy-MetaData: 1", true)]
    [InlineData("icy-metadata:1", true)]
    [InlineData("ICY-METADATA:  1 ", true)]
    [InlineData("Icy-MetaData: 0", false)]
    [InlineData("Icy-MetaData: 10", false)]
    public void Icy_metadata_is_asked_for_with_the_header_set_to_1(string header, bool icy)
    {
        StreamRequest.TryParse(Bytes($"GET /radio/stream HTTP/1.0\r\n{header}\r\n\r\n"), out var request).Should().BeTrue();

        request.IcyMetadata.Should().Be(icy);
    }

    [Fact]
    public void A_query_string_is_still_the_stream()
    {
        StreamRequest.TryParse(Bytes("GET /radio/stream?player=vlc HTTP/1.1\r\nHost: radio\r\n\r\n"), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("GET /radio/streams HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/now-playing HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/eventsource HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/events HTTP/2.0\r\nHost: radio\r\n\r\n")]
    [InlineData("POST /radio/events HTTP/1.1\r\nHost: radio\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HEAD /radio/stream HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("POST /radio/stream HTTP/1.1\r\nHost: radio\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nHost: radio\r\n")]
    [InlineData("GET /radio/stream HTTP/2.0\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nnot a header\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nHost: radio\r\n Content-Length: 5\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nHost: radio\r\nContent-Length : 5\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nUser-Agent: mpv\r\n\r\n")]
    [InlineData("GET /radio/stream?a b HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/stream?a\u0001 HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("GET /radio/stream HTTP/1.1\r\nHost: radio\nX-Smuggled: 1\r\n\r\n")]
    [InlineData("GET  /radio/stream HTTP/1.1\r\nHost: radio\r\n\r\n")]
    [InlineData("")]
    public void Anything_else_or_malformed_is_left_to_the_http_pipeline(string head)
    {
        StreamRequest.TryParse(Bytes(head), out _).Should().BeFalse();
    }

    [Fact]
    public void Tls_is_left_to_the_http_pipeline()
    {
        StreamRequest.TryParse([0x16, 0x03, 0x01, 0x02, 0x00, 0x01], out _).Should().BeFalse();
    }

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);
}
