using FluentValidation;

namespace Radio.Application.Common;

/// <summary>
/// A page of a list, as the contract's <c>limit</c> and <c>offset</c> query parameters give it.
/// Web binds both as plain <c>int</c> action parameters (a value that is not a whole number is a
/// 400 from model binding); <see cref="PagingRules.RulesForPaging"/> rejects out-of-range values, never clamping them.
/// </summary>
public sealed record Paging(int Limit = Paging.DefaultLimit, int Offset = 0)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

public static class PagingRules
{
    /// <summary>limit in [1, <paramref name="maxLimit"/>], offset ≥ 0; errors keyed <c>limit</c> and <c>offset</c>.</summary>
    public static void RulesForPaging<T>(this AbstractValidator<T> validator, Func<T, Paging> paging, int maxLimit = Paging.MaxLimit)
    {
        validator.RuleFor(x => paging(x).Limit).InclusiveBetween(1, maxLimit)
            .OverridePropertyName("limit").WithMessage($"limit must be a whole number from 1 to {maxLimit}.");
        validator.RuleFor(x => paging(x).Offset).GreaterThanOrEqualTo(0)
            .OverridePropertyName("offset").WithMessage("offset must be a whole number, 0 or more.");
    }
}
