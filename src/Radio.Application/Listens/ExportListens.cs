using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;
using Radio.Domain.Listens;

namespace Radio.Application.Listens;

/// <summary>
/// The account's listens, newest first, as the <c>payload</c> of a ListenBrainz <c>import</c> submission. A page holds
/// at most <see cref="MaxLimit"/>, the most ListenBrainz takes in one submission, so each page can be sent as it is.
/// </summary>
public sealed record ExportListens(int UserId, Page Page) : IQuery<IReadOnlyList<ExportedListen>>
{
    public const int MaxLimit = 1000;
    public const string SubmissionClient = "Radio";
}

/// <summary>
/// One listen in ListenBrainz's terms. <see cref="ArtistName"/> is the song's artists as one credit, joined with
/// ", " as the song shows them (ListenBrainz takes the artist credit as one string); <see cref="ReleaseName"/> is the
/// album, null without one.
/// </summary>
public sealed record ExportedListen(long ListenedAt, string ArtistName, string TrackName, string? ReleaseName, long DurationMs);

public sealed class ExportListensValidator : AbstractValidator<ExportListens>
{
    public ExportListensValidator() => RuleFor(x => x.Page).ValidPage(ExportListens.MaxLimit);
}

public sealed class ExportListensHandler(IListenHistory history, ISongCatalog catalog)
    : IQueryHandler<ExportListens, IReadOnlyList<ExportedListen>>
{
    public async ValueTask<IReadOnlyList<ExportedListen>> Handle(ExportListens query, CancellationToken cancellationToken)
    {
        var listens = await history.PageAsync(query.UserId, query.Page.Offset, query.Page.Limit, cancellationToken);
        var views = await catalog.ViewsAsync([.. listens.Select(l => l.SongId).Distinct()], cancellationToken);
        return [.. listens.Where(l => views.ContainsKey(l.SongId)).Select(l => Export(l, views[l.SongId]))];
    }

    private static ExportedListen Export(Listen listen, SongView song) => new(
        listen.ListenedAt.ToUnixTimeSeconds(),
        song.ArtistNames,
        song.Title,
        song.AlbumTitle,
        (long)Math.Round(song.DurationSeconds * 1000));
}
