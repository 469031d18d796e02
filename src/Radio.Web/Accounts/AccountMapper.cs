using Radio.Application.Accounts;
using Riok.Mapperly.Abstractions;

namespace Radio.Web.Accounts;

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class AccountMapper
{
    public static partial UserResponse ToResponse(this UserResult result);

    public static partial AuthResponse ToResponse(this AuthResult result);

    public static partial AnonymousResponse ToResponse(this AnonymousResult result);
}
