using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>The songs whose tag scores are closest to the targets.</summary>
public sealed record VibeSearch(IReadOnlyList<VibeTarget> Targets, int Limit = VibeSearch.DefaultLimit)
    : IQuery<IReadOnlyList<VibeResult>>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;
    public const int MaxTargets = 20;
}

/// <summary>A tag name and the score wanted for it; null fields are missing in the request.</summary>
public sealed record VibeTarget(string? Name, double? TargetScore);

public sealed record VibeResult(SongView Song, double MatchError);

public sealed class VibeSearchValidator : AbstractValidator<VibeSearch>
{
    public VibeSearchValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, VibeSearch.MaxLimit)
            .WithMessage($"limit must be between 1 and {VibeSearch.MaxLimit}.");
        RuleFor(x => x.Targets).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("At least one tag is required.")
            .Must(t => t.Count <= VibeSearch.MaxTargets).WithMessage($"At most {VibeSearch.MaxTargets} tags are allowed.")
            .Must(t => t.Where(x => !string.IsNullOrWhiteSpace(x.Name)).GroupBy(x => Tag.Normalize(x.Name!)).All(g => g.Count() == 1))
            .WithMessage("Each tag may appear only once (names are compared ignoring case).")
            .OverridePropertyName("tags");
        RuleForEach(x => x.Targets).ChildRules(target =>
        {
            target.RuleFor(t => t.Name).NotEmpty().WithMessage("name is required.");
            target.RuleFor(t => t.TargetScore).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("target_score is required.")
                .Must(s => double.IsFinite(s!.Value) && s.Value is >= 0 and <= 1)
                .WithMessage("target_score must be between 0 and 1.");
        }).OverridePropertyName("tags");
    }
}

public sealed class VibeSearchHandler(ILibraryTags tags, ISongSearchIndex index, ISongCatalog catalog)
    : IQueryHandler<VibeSearch, IReadOnlyList<VibeResult>>
{
    public async ValueTask<IReadOnlyList<VibeResult>> Handle(VibeSearch query, CancellationToken cancellationToken)
    {
        var names = query.Targets.Select(t => Tag.Normalize(t.Name!)).ToList();
        var known = (await tags.FindAsync(names, cancellationToken)).ToDictionary(t => t.NormalizedName, t => t.Id);
        var unknown = query.Targets
            .Select((t, i) => (t.Name, Index: i))
            .Where(t => !known.ContainsKey(Tag.Normalize(t.Name!)))
            .Select(t => new ValidationFailure($"tags[{t.Index}].name", $"The tag '{t.Name!.Trim()}' does not exist."))
            .ToList();
        if (unknown.Count > 0)
        {
            // existence needs the database, so it is checked here rather than in the validator
            throw new ValidationException(unknown);
        }

        await index.WhenLoadedAsync(cancellationToken);
        var matches = index.MatchVibe(
            [.. query.Targets.Select(t => new TagTarget(known[Tag.Normalize(t.Name!)], t.TargetScore!.Value))], query.Limit);
        var views = await catalog.ViewsAsync([.. matches.Select(m => m.SongId)], cancellationToken);
        return [.. matches.Where(m => views.ContainsKey(m.SongId)).Select(m => new VibeResult(views[m.SongId], m.MatchError))];
    }
}
