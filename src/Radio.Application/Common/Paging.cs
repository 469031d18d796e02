using FluentValidation;

namespace Radio.Application.Common;

/// <summary>A page of a list: <c>limit</c> items after skipping <c>offset</c>.</summary>
public sealed record Page(int Limit = Page.DefaultLimit, int Offset = 0)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public static class PagingRules
{
    /// <summary>limit in [1, <paramref name="maxLimit"/>], offset ≥ 0; errors keyed <c>limit</c> and <c>offset</c>.</summary>
    public static IRuleBuilderOptionsConditions<T, Page> ValidPage<T>(this IRuleBuilder<T, Page> rule, int maxLimit = Page.MaxLimit) =>
        rule.Custom((page, context) =>
        {
            if (page.Limit is < 1 || page.Limit > maxLimit)
            {
                context.AddFailure("limit", $"limit must be between 1 and {maxLimit}.");
            }

            if (page.Offset < 0)
            {
                context.AddFailure("offset", "offset must be 0 or more.");
            }
        });
}
