using FluentValidation;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>A page of tags with how many songs carry each, by name.</summary>
public sealed record ListTags(Page Page) : IQuery<IReadOnlyList<TagUsage>>;

public sealed record TagUsage(string Name, int SongCount);

public sealed class ListTagsValidator : AbstractValidator<ListTags>
{
    public ListTagsValidator() => RuleFor(x => x.Page).ValidPage();
}

public sealed class ListTagsHandler(ILibraryTags tags, ISongSearchIndex index) : IQueryHandler<ListTags, IReadOnlyList<TagUsage>>
{
    public async ValueTask<IReadOnlyList<TagUsage>> Handle(ListTags query, CancellationToken cancellationToken)
    {
        var all = await tags.ListAsync(cancellationToken);
        // counting song_tags in SQL reads every row of it; the index keeps the counts
        await index.WhenLoadedAsync(cancellationToken);
        return
        [
            .. all.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.Ordinal)
                .Skip(query.Page.Offset).Take(query.Page.Limit)
                .Select(t => new TagUsage(t.Name, index.SongCountOf(t.Id))),
        ];
    }
}
