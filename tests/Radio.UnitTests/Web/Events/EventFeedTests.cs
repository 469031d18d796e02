using System.Text;
using Radio.Domain.Station;
using Radio.Web.Events;

namespace Radio.UnitTests.Web.Events;

public sealed class EventFeedTests
{
    [Fact]
    public void A_client_gets_the_head_the_current_now_playing_and_then_the_events_from_when_it_joined()
    {
        var log = new EventLog();
        log.Append(Bytes("before"));
        var feed = new EventFeed(log, Bytes("head"), Bytes("first"), log.Next);
        log.Append(Bytes("one"));
        log.Append(Bytes("two"));

        SendAll(feed).Should().Be("headfirstonetwo");
        feed.End.Should().BeNull("it is up to date, waiting for the next event");
    }

    [Fact]
    public void A_send_cut_short_resumes_where_it_stopped()
    {
        var log = new EventLog();
        var feed = new EventFeed(log, Bytes("head"), Bytes("first"), log.Next);
        log.Append(Bytes("event"));

        var sent = new StringBuilder();
        for (var pending = feed.Pending(); !pending.IsEmpty; pending = feed.Pending())
        {
            sent.Append(Encoding.UTF8.GetString(pending.Span[..1]));
            feed.Advance(1);
        }

        sent.ToString().Should().Be("headfirstevent");
    }

    [Fact]
    public void Clients_share_the_bytes_of_an_event()
    {
        var log = new EventLog();
        var one = new EventFeed(log, default, default, log.Next);
        var other = new EventFeed(log, default, default, log.Next);
        var bytes = Bytes("event");
        log.Append(bytes);

        one.Pending().Should().Be(bytes.AsMemory());
        other.Pending().Should().Be(bytes.AsMemory());
    }

    [Fact]
    public void A_client_more_than_the_buffer_behind_falls_behind_even_before_its_first_event()
    {
        var log = new EventLog();
        var feed = new EventFeed(log, Bytes("head"), Bytes("first"), log.Next);
        for (var i = 0; i < EventClient.Buffer; i++)
        {
            log.Append(Bytes($"{i}"));
        }

        feed.Pending().IsEmpty.Should().BeFalse("a buffer's worth of events is still kept for it");

        log.Append(Bytes("one too many"));

        feed.Pending().IsEmpty.Should().BeTrue();
        feed.End.Should().Be(StreamEnd.FellBehind);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string SendAll(EventFeed feed)
    {
        var sent = new StringBuilder();
        for (var pending = feed.Pending(); !pending.IsEmpty; pending = feed.Pending())
        {
            sent.Append(Encoding.UTF8.GetString(pending.Span));
            feed.Advance(pending.Length);
        }

        return sent.ToString();
    }
}
