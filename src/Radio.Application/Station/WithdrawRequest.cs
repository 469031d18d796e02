using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>Takes a waiting request out of the queue: its requester or an admin may.</summary>
public sealed record WithdrawRequest(int RequestId, int CallerId) : ICommand;

public sealed class WithdrawRequestHandler(
    IStationSchedule schedule, ISongRequests requests, IUserAccounts accounts, ISender sender, TimeProvider clock)
    : ICommandHandler<WithdrawRequest>
{
    private const int Attempts = 5;

    public async ValueTask<Unit> Handle(WithdrawRequest command, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var request = await requests.FindAsync(command.RequestId, cancellationToken)
                ?? throw new NotFoundException($"There is no song request with the id {command.RequestId}.");
            if (request.UserId != command.CallerId
                && (await accounts.FindAsync(command.CallerId, cancellationToken))?.Role != Role.Admin)
            {
                throw new ForbiddenException("Only the listener who made a request, or an admin, may withdraw it.");
            }

            var now = clock.GetUtcNow();
            var entry = (await schedule.UpcomingAsync(now, cancellationToken)).FirstOrDefault(e => e.Plays(request));
            if (entry is null || entry.StartsAt <= now)
            {
                throw new ConflictException("The request is no longer waiting: its song is playing or has played.");
            }

            request.Withdraw(now);
            if (await requests.TryWithdrawAsync(request, entry, cancellationToken))
            {
                // the songs after it move up at once, as after a deleted song
                await sender.Send(new KeepScheduleAhead(), CancellationToken.None);
                return Unit.Value;
            }
        }

        throw new ConflictException("The schedule is changing too quickly to withdraw the request; try again.");
    }
}
