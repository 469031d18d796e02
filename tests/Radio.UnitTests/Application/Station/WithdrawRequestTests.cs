using Mediator;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Radio.Application.Common;
using Radio.Application.Station;
using Radio.Domain.Accounts;
using Radio.Domain.Station;

namespace Radio.UnitTests.Application.Station;

public sealed class WithdrawRequestTests
{
    private static readonly DateTimeOffset Noon = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private readonly IStationSchedule _schedule = Substitute.For<IStationSchedule>();
    private readonly ISongRequests _requests = Substitute.For<ISongRequests>();
    private readonly IUserAccounts _accounts = Substitute.For<IUserAccounts>();
    private readonly SongRequest _request = SongRequest.Create(9, 7, Noon);

    public WithdrawRequestTests()
    {
        _requests.FindAsync(default, default).ReturnsForAnyArgs(_request);
        _requests.TryWithdrawAsync(default!, default!, default).ReturnsForAnyArgs(true);
        _accounts.FindAsync(8, Arg.Any<CancellationToken>()).Returns(User.CreateListener("other", Noon));
        _accounts.FindAsync(1, Arg.Any<CancellationToken>()).Returns(User.CreateAdmin("admin", Noon));
        var playing = ScheduleEntry.First(1, 60, Noon);
        _schedule.UpcomingAsync(default, default).ReturnsForAnyArgs([playing, ScheduleEntry.ForRequest(2, _request, 1, playing.EndsAt, 60)]);
    }

    [Fact]
    public async Task The_requester_withdraws_the_request_and_its_entry_goes()
    {
        await Handler().Handle(new WithdrawRequest(3, 7), default);

        _request.WithdrawnAt.Should().Be(Noon);
        await _requests.Received(1).TryWithdrawAsync(_request, Arg.Is<ScheduleEntry>(e => e.Sequence == 2), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_admin_may_withdraw_it()
    {
        await Handler().Handle(new WithdrawRequest(3, 1), default);

        await _requests.ReceivedWithAnyArgs(1).TryWithdrawAsync(default!, default!, default);
    }

    [Fact]
    public async Task Another_listener_is_forbidden_and_nothing_changes()
    {
        var act = () => Handler().Handle(new WithdrawRequest(3, 8), default).AsTask();

        await act.Should().ThrowAsync<ForbiddenException>();
        _request.WithdrawnAt.Should().BeNull();
    }

    [Fact]
    public async Task A_request_already_on_the_air_is_a_conflict()
    {
        _clock.Advance(TimeSpan.FromSeconds(61));

        var act = () => Handler().Handle(new WithdrawRequest(3, 7), default).AsTask();

        await act.Should().ThrowAsync<ConflictException>();
    }

    private WithdrawRequestHandler Handler() => new(_schedule, _requests, _accounts, Substitute.For<ISender>(), _clock);
}
