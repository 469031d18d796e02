using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>One artist with its song count.</summary>
public sealed record GetArtist(int ArtistId) : IQuery<ArtistView>;

public sealed class GetArtistHandler(IArtists artists) : IQueryHandler<GetArtist, ArtistView>
{
    public async ValueTask<ArtistView> Handle(GetArtist query, CancellationToken cancellationToken) =>
        await artists.FindViewAsync(query.ArtistId, cancellationToken)
        ?? throw new NotFoundException($"There is no artist with the id {query.ArtistId}.");
}
