using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;
using Radio.Domain.Statistics;

namespace Radio.Application.Statistics;

/// <summary>
/// Per song of an artist, what was heard of it over [<see cref="From"/>, <see cref="To"/>) (by default the last 7
/// days): for the artist's own accounts and admins.
/// </summary>
public sealed record GetArtistStats(int ArtistId, int CallerId, DateTimeOffset? From, DateTimeOffset? To)
    : IQuery<IReadOnlyList<SongStats>>, IStatsRange;

/// <summary>One song of the artist with its counts over the range (see <see cref="SongTally"/>).</summary>
public sealed record SongStats(SongView Song, long ListeningSeconds, long Listens, long Requests, long Favorites);

public sealed class GetArtistStatsValidator : AbstractValidator<GetArtistStats>
{
    public GetArtistStatsValidator(TimeProvider clock) => Include(new StatsRangeValidator(clock));
}

public sealed class GetArtistStatsHandler(
    IArtists artists, IUserAccounts accounts, ISongStatistics statistics, ISongCatalog catalog, TimeProvider clock)
    : IQueryHandler<GetArtistStats, IReadOnlyList<SongStats>>
{
    public async ValueTask<IReadOnlyList<SongStats>> Handle(GetArtistStats query, CancellationToken cancellationToken)
    {
        _ = await artists.FindViewAsync(query.ArtistId, cancellationToken)
            ?? throw new NotFoundException($"There is no artist with the id {query.ArtistId}.");
        var caller = await accounts.FindAsync(query.CallerId, cancellationToken);
        if (caller is null || !caller.ActsFor(query.ArtistId))
        {
            throw new ForbiddenException("Only the artist's own accounts and admins may see its statistics.");
        }

        var (from, to) = query.Range(clock.GetUtcNow());
        var tallies = await statistics.ReadAsync(query.ArtistId, from, to, cancellationToken);
        var views = await catalog.ViewsAsync([.. tallies.Select(t => t.SongId)], cancellationToken);
        // a song deleted between the two reads is left out
        return
        [
            .. tallies.Where(t => views.ContainsKey(t.SongId))
                .OrderByDescending(t => t.ListeningSeconds).ThenBy(t => t.SongId)
                .Select(t => new SongStats(views[t.SongId], t.ListeningSeconds, t.Listens, t.Requests, t.Favorites)),
        ];
    }
}
