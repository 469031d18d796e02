using FluentValidation.TestHelper;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Listening;
using Radio.Domain.Listening;
using Radio.Domain.Listens;

namespace Radio.UnitTests.Application.Listening;

public sealed class RecordHeartbeatTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerId Listener = new("user:7");
    private readonly IListeningSessions _sessions = Substitute.For<IListeningSessions>();
    private readonly IListenerTotals _totals = Substitute.For<IListenerTotals>();
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IPlayCredits _plays = Substitute.For<IPlayCredits>();
    private readonly RecordHeartbeatValidator _validator;

    public RecordHeartbeatTests() => _validator = new RecordHeartbeatValidator(_clock);

    [Fact]
    public async Task The_credit_goes_to_the_totals_and_the_answer_floors_the_session()
    {
        _sessions.BeatAsync(Listener, Noon, 40, Noon, Arg.Any<CancellationToken>())
            .Returns(new SessionBeat(Credit: 12.5, SessionSeconds: 42.9, StartedSession: false));
        _totals.AddAsync(Listener, 12.5, Noon, Arg.Any<CancellationToken>()).Returns(1042L);
        var handler = new RecordHeartbeatHandler(_sessions, _totals, _plays, _clock);

        var result = await handler.Handle(new RecordHeartbeat(Listener, "alice", Noon, 40), CancellationToken.None);

        result.Should().Be(new HeartbeatResult(42, 1042, "alice"));
        await _plays.Received(1).CreditAsync(Listener, 12.5, Noon, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_ledger_records_the_whole_heartbeat_with_its_permit_and_the_separate_stores_are_not_asked()
    {
        var ledger = Substitute.For<IHeartbeatLedger>();
        ledger.RecordAsync(Listener, Noon, 40, Noon, 30, Arg.Any<CancellationToken>())
            .Returns((new SessionBeat(Credit: 12.5, SessionSeconds: 42.9, StartedSession: false), 1042L));
        var handler = new RecordHeartbeatHandler(_sessions, _totals, _plays, _clock, ledger);

        var result = await handler.Handle(new RecordHeartbeat(Listener, "alice", Noon, 40, PermitsPerMinute: 30), CancellationToken.None);

        result.Should().Be(new HeartbeatResult(42, 1042, "alice"));
        _sessions.ReceivedCalls().Should().BeEmpty();
        _totals.ReceivedCalls().Should().BeEmpty();
        _plays.ReceivedCalls().Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15.5)]
    [InlineData(10_000_000)]
    public void Played_seconds_from_0_to_ten_million_are_valid(double played)
    {
        _validator.TestValidate(new RecordHeartbeat(Listener, "alice", Noon, played)).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(10_000_000.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Played_seconds_outside_the_range_or_not_finite_are_invalid_with_one_message(double played)
    {
        var result = _validator.TestValidate(new RecordHeartbeat(Listener, "alice", Noon, played));

        result.ShouldHaveValidationErrorFor(x => x.PlayedSeconds).Should().ContainSingle();
    }

    [Fact]
    public void Missing_fields_are_invalid()
    {
        var result = _validator.TestValidate(new RecordHeartbeat(Listener, "alice", null, null));

        result.ShouldHaveValidationErrorFor(x => x.PlayedSeconds).WithErrorMessage("played_seconds is required.");
        result.ShouldHaveValidationErrorFor(x => x.ConnectTime).WithErrorMessage("connect_time is required.");
    }

    [Fact]
    public void A_connect_time_up_to_5_minutes_ahead_of_the_server_is_valid_and_beyond_is_not()
    {
        _validator.TestValidate(new RecordHeartbeat(Listener, "alice", Noon.AddMinutes(5), 1))
            .ShouldNotHaveAnyValidationErrors();
        _validator.TestValidate(new RecordHeartbeat(Listener, "alice", Noon.AddMinutes(5).AddTicks(1), 1))
            .ShouldHaveValidationErrorFor(x => x.ConnectTime);
    }
}
