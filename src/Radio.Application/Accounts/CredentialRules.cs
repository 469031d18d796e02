using FluentValidation;
using Radio.Domain.Accounts;

namespace Radio.Application.Accounts;

/// <summary>The username and password rules of the contract, shared by register and login.</summary>
internal static class CredentialRules
{
    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("username is required.")
        .Length(User.MinUsernameLength, User.MaxUsernameLength)
        .WithMessage($"username must be {User.MinUsernameLength}–{User.MaxUsernameLength} characters.")
        .Matches(@"^[A-Za-z0-9_.-]*\z").WithMessage("username may contain only letters, digits, '_', '-' and '.'.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("password is required.")
        .Length(User.MinPasswordLength, User.MaxPasswordLength)
        .WithMessage($"password must be {User.MinPasswordLength}–{User.MaxPasswordLength} characters.");
}
