using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>
/// A signed-in listener asks for a song: it goes into the stored schedule after the song on the air and the requests
/// before it, so every instance plays it.
/// </summary>
public sealed record RequestSong(int? SongId, int UserId) : ICommand<SongRequestResult>;

public sealed record SongRequestResult(int Id, SongView Song, string RequestedBy, DateTimeOffset RequestedAt);

public sealed class RequestSongValidator : AbstractValidator<RequestSong>
{
    public RequestSongValidator() => RuleFor(x => x.SongId).Cascade(CascadeMode.Stop)
        .NotNull().WithMessage("song_id is required.")
        .GreaterThan(0).WithMessage("song_id must be a positive whole number.");
}

public sealed partial class RequestSongHandler(
    IStationSchedule schedule, ISongRequests requests, ISongCatalog catalog, IUserAccounts accounts, ISender sender,
    RequestOptions options, TimeProvider clock, ILogger<RequestSongHandler> logger)
    : ICommandHandler<RequestSong, SongRequestResult>
{
    private const int Attempts = 5;

    public async ValueTask<SongRequestResult> Handle(RequestSong command, CancellationToken cancellationToken)
    {
        var song = await catalog.FindViewAsync(command.SongId!.Value, cancellationToken)
            ?? throw new NotFoundException($"There is no song with the id {command.SongId}.");
        if (!song.StationReady)
        {
            throw new ConflictException("The song is not ready for the station yet, so it cannot be played.");
        }

        var user = await accounts.FindAsync(command.UserId, cancellationToken)
            ?? throw new ForbiddenException("Only a signed-in account may request songs.");
        var rules = options.Rules;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // the request's sequence number follows every entry read here, so whatever another instance appends
            // after these reads claims the same number: one of the two writes fails and is tried again on a fresh read
            var last = await schedule.LastAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var upcoming = await schedule.UpcomingAsync(now, cancellationToken);
            var onAirRecently = await schedule.OnAirBetweenAsync(song.Id, now - rules.Recent, now + rules.Recent, cancellationToken);
            if (rules.Conflict(song.Id, upcoming, onAirRecently, now) is { } conflict)
            {
                throw new ConflictException(conflict);
            }

            if (rules.WaitBeforeNext(await requests.LatestByAsync(command.UserId, cancellationToken), now) is { } wait)
            {
                var seconds = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                throw new TooManyRequestsException(
                    $"A listener may make one request every {options.IntervalMinutes.ToString(CultureInfo.InvariantCulture)} minutes; try again in {seconds} s.",
                    wait);
            }

            var library = await schedule.StillInLibraryAsync([.. upcoming.Select(e => e.SongId).Distinct()], cancellationToken);
            var request = SongRequest.Create(song.Id, command.UserId, now);
            var (entry, dropped) = Programme.PlaceRequest(
                upcoming, library, last, request, song.DurationSeconds, now, now + KeepScheduleAhead.ReplanMargin);
            if (await requests.TryPlaceAsync(entry, dropped, cancellationToken))
            {
                LogRequested(logger, request.Id, song.Id, entry.Sequence);
                // the entries dropped to make room are drawn again after the request, for every instance at once
                await sender.Send(new KeepScheduleAhead(), CancellationToken.None);
                return new SongRequestResult(request.Id, song, user.Username, request.RequestedAt);
            }

            // another instance (or request) changed the schedule first: check the rules again on what it stored
        }

        LogContended(logger);
        throw new ConflictException("The schedule is changing too quickly to place the request; try again.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: song {SongId} scheduled as entry {Sequence}")]
    private static partial void LogRequested(ILogger logger, int requestId, int songId, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A song request could not be placed: the schedule kept changing")]
    private static partial void LogContended(ILogger logger);
}
