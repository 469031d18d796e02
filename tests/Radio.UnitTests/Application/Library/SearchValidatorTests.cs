using FluentValidation.TestHelper;
using Radio.Application.Common;
using Radio.Application.Library;

namespace Radio.UnitTests.Application.Library;

public sealed class SearchValidatorTests
{
    private static readonly VibeTarget Chill = new("Chill", 0.5);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(200, 0)]
    [InlineData(50, 1_000_000)]
    public void Pages_in_range_are_valid(int limit, int offset)
    {
        new SearchSongsValidator().TestValidate(new SearchSongs("q", new Page(limit, offset))).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(0, 0, "limit")]
    [InlineData(201, 0, "limit")]
    [InlineData(-5, 0, "limit")]
    [InlineData(50, -1, "offset")]
    public void Pages_out_of_range_are_invalid(int limit, int offset, string field)
    {
        new SearchSongsValidator().TestValidate(new SearchSongs(null, new Page(limit, offset))).ShouldHaveValidationErrorFor(field);
    }

    [Fact]
    public void A_vibe_search_of_up_to_20_distinct_tags_is_valid()
    {
        var targets = Enumerable.Range(0, 20).Select(i => new VibeTarget($"t{i}", i / 19.0)).ToList();

        new VibeSearchValidator().TestValidate(new VibeSearch(targets, 200)).ShouldNotHaveAnyValidationErrors();
    }

    public static TheoryData<VibeSearch, string> InvalidVibes => new()
    {
        { new VibeSearch([]), "tags" },
        { new VibeSearch([.. Enumerable.Range(0, 21).Select(i => new VibeTarget($"t{i}", 0.5))]), "tags" },
        { new VibeSearch([Chill, new VibeTarget(" CHILL ", 0.1)]), "tags" },
        { new VibeSearch([new VibeTarget("Chill", 1.0001)]), "tags[0].TargetScore" },
        { new VibeSearch([new VibeTarget("Chill", -0.1)]), "tags[0].TargetScore" },
        { new VibeSearch([new VibeTarget("Chill", double.NaN)]), "tags[0].TargetScore" },
        { new VibeSearch([new VibeTarget("Chill", double.PositiveInfinity)]), "tags[0].TargetScore" },
        { new VibeSearch([new VibeTarget("Chill", null)]), "tags[0].TargetScore" },
        { new VibeSearch([new VibeTarget(null, 0.5)]), "tags[0].Name" },
        { new VibeSearch([new VibeTarget(" ", 0.5)]), "tags[0].Name" },
        { new VibeSearch([Chill], 0), "Limit" },
        { new VibeSearch([Chill], 201), "Limit" },
    };

    [Theory]
    [MemberData(nameof(InvalidVibes))]
    public void Invalid_vibe_searches_are_rejected(VibeSearch search, string field)
    {
        new VibeSearchValidator().TestValidate(search).ShouldHaveValidationErrorFor(field);
    }

    [Fact]
    public void Replacing_with_an_empty_list_or_bounds_is_valid()
    {
        var validator = new ReplaceSongTagsValidator();

        validator.TestValidate(new ReplaceSongTags(1, [], 1)).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new ReplaceSongTags(1, [new("a", 0), new("b", 1)], 1)).ShouldNotHaveAnyValidationErrors();
    }

    public static TheoryData<ReplaceSongTags, string> InvalidReplacements => new()
    {
        { new ReplaceSongTags(1, [new("Chill", 0.5), new("chill", 0.2)], 1), "tags" },
        { new ReplaceSongTags(1, [new("Chill", 1.5)], 1), "tags[0].Score" },
        { new ReplaceSongTags(1, [new("Chill", -0.01)], 1), "tags[0].Score" },
        { new ReplaceSongTags(1, [new("Chill", double.NaN)], 1), "tags[0].Score" },
        { new ReplaceSongTags(1, [new("Chill", null)], 1), "tags[0].Score" },
        { new ReplaceSongTags(1, [new(null, 0.5)], 1), "tags[0].Name" },
        { new ReplaceSongTags(1, [new("  ", 0.5)], 1), "tags[0].Name" },
        { new ReplaceSongTags(1, [new(new string('x', 51), 0.5)], 1), "tags[0].Name" },
        { new ReplaceSongTags(1, [.. Enumerable.Range(0, 101).Select(i => new TagScoreInput($"t{i}", 0.5))], 1), "tags" },
    };

    [Theory]
    [MemberData(nameof(InvalidReplacements))]
    public void Invalid_replacements_are_rejected(ReplaceSongTags command, string field)
    {
        new ReplaceSongTagsValidator().TestValidate(command).ShouldHaveValidationErrorFor(field);
    }
}
