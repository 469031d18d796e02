using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>
/// Replaces a song's tag scores; names not yet known become new tags. Allowed to admins and the song's artists;
/// <paramref name="CallerId"/> is null for an anonymous listener.
/// </summary>
public sealed record ReplaceSongTags(int SongId, IReadOnlyList<TagScoreInput> Scores, int? CallerId) : ICommand<IReadOnlyList<TagScore>>;

/// <summary>A tag score as sent; null fields are missing in the request.</summary>
public sealed record TagScoreInput(string? Name, double? Score);

public sealed class ReplaceSongTagsValidator : AbstractValidator<ReplaceSongTags>
{
    public const int MaxTags = 100;

    public ReplaceSongTagsValidator()
    {
        RuleFor(x => x.Scores).Cascade(CascadeMode.Stop)
            .Must(s => s.Count <= MaxTags).WithMessage($"A song may have at most {MaxTags} tags.")
            .Must(s => s.Where(x => !string.IsNullOrWhiteSpace(x.Name)).GroupBy(x => Tag.Normalize(x.Name!)).All(g => g.Count() == 1))
            .WithMessage("Each tag may appear only once (names are compared ignoring case).")
            .OverridePropertyName("tags");
        RuleForEach(x => x.Scores).ChildRules(score =>
        {
            score.RuleFor(s => s.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("name is required.")
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("name must not be blank.")
                .Must(n => n!.Trim().Length <= Tag.MaxNameLength).WithMessage($"name must be at most {Tag.MaxNameLength} characters.");
            score.RuleFor(s => s.Score).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("score is required.")
                .Must(s => double.IsFinite(s!.Value) && s.Value is >= 0 and <= 1).WithMessage("score must be between 0 and 1.");
        }).OverridePropertyName("tags");
    }
}

public sealed class ReplaceSongTagsHandler(
    ISongCatalog catalog, IUserAccounts accounts, ILibraryTags tags, IPublisher publisher, LibraryOptions options)
    : ICommandHandler<ReplaceSongTags, IReadOnlyList<TagScore>>
{
    public async ValueTask<IReadOnlyList<TagScore>> Handle(ReplaceSongTags command, CancellationToken cancellationToken)
    {
        var song = await catalog.FindViewAsync(command.SongId, cancellationToken)
            ?? throw new NotFoundException($"There is no song {command.SongId}.");
        var caller = command.CallerId is { } id ? await accounts.FindAsync(id, cancellationToken) : null;
        var allowed = caller is not null
            && (caller.Role == Role.Admin || song.ArtistIds.Any(caller.ActsFor));
        if (!allowed)
        {
            throw new ForbiddenException("Only an admin or an artist of the song may change its tags.");
        }

        var scores = command.Scores.Select(s => new TagScore(s.Name!.Trim(), s.Score!.Value)).ToList();
        var maxTags = options.MaxTags;
        switch (await tags.ReplaceScoresAsync(command.SongId, scores, maxTags, cancellationToken))
        {
            case TagReplacement.NoSuchSong:
                throw new NotFoundException($"There is no song {command.SongId}.");
            case TagReplacement.TooManyTags:
                throw new ConflictException(
                    $"The library holds at most {maxTags} distinct tags; use existing tags or remove unused ones first.");
        }

        await publisher.Publish(new SongTagsChanged(command.SongId), cancellationToken);
        return await tags.ScoresOfAsync(command.SongId, cancellationToken) ?? [];
    }
}
