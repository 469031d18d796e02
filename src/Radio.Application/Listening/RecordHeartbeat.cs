using System.Runtime.CompilerServices;
using FluentValidation;
using Mediator;
using Radio.Domain.Listening;
using Radio.Domain.Listens;

namespace Radio.Application.Listening;

/// <summary>
/// A listener's client reports how much it has played on its current connection. With several instances the
/// listener's heartbeat permit (<paramref name="PermitsPerMinute"/>) is taken with the session's read.
/// </summary>
public sealed record RecordHeartbeat(
    ListenerId Listener, string Username, DateTimeOffset? ConnectTime, double? PlayedSeconds, int? PermitsPerMinute = null)
    : ICommand<HeartbeatResult>;

public sealed record HeartbeatResult(long SessionSeconds, long TotalSeconds, string Username);

public sealed class RecordHeartbeatValidator : AbstractValidator<RecordHeartbeat>
{
    public const double MaxPlayedSeconds = 10_000_000;

    /// <summary>How far a client's clock may run ahead of the server's.</summary>
    public static readonly TimeSpan MaxClockLead = TimeSpan.FromMinutes(5);

    public RecordHeartbeatValidator(TimeProvider clock)
    {
        RuleFor(x => x.PlayedSeconds).Cascade(CascadeMode.Stop) // one message per bad value
            .NotNull().WithMessage("played_seconds is required.")
            .Must(x => double.IsFinite(x!.Value)).WithMessage("played_seconds must be a finite number.")
            .Must(x => x is >= 0 and <= MaxPlayedSeconds)
            .WithMessage($"played_seconds must be between 0 and {MaxPlayedSeconds:0}.");
        RuleFor(x => x.ConnectTime).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("connect_time is required.")
            .Must(t => t <= clock.GetUtcNow() + MaxClockLead)
            .WithMessage("connect_time is more than 5 minutes ahead of the server clock.");
    }
}

public sealed class RecordHeartbeatHandler(
    IListeningSessions sessions, IListenerTotals totals, IPlayCredits plays, TimeProvider clock, IHeartbeatLedger? ledger = null)
    : ICommandHandler<RecordHeartbeat, HeartbeatResult>
{
    // pooled, as the ledger's frame is: a heartbeat that waits for Redis keeps this frame's state until it answers
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HeartbeatResult> Handle(RecordHeartbeat command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (ledger is not null)
        {
            var (recorded, recordedTotal) = await ledger.RecordAsync(
                command.Listener, command.ConnectTime!.Value, command.PlayedSeconds!.Value, now, command.PermitsPerMinute,
                cancellationToken);
            return new HeartbeatResult((long)Math.Floor(recorded.SessionSeconds), recordedTotal, command.Username);
        }

        var beat = await sessions.BeatAsync(
            command.Listener, command.ConnectTime!.Value, command.PlayedSeconds!.Value, now, cancellationToken);
        var total = await totals.AddAsync(command.Listener, beat.Credit, now, cancellationToken);
        await plays.CreditAsync(command.Listener, beat.Credit, now, cancellationToken);
        return new HeartbeatResult((long)Math.Floor(beat.SessionSeconds), total, command.Username);
    }
}
