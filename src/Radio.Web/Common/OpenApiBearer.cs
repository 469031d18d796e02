using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Radio.Web.Common;

/// <summary>Declares the JWT bearer scheme so the reference UI can send a token.</summary>
internal sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Radio";
        document.Info.Description = "A community internet radio: accounts, library, listening and the station.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /auth/login, /auth/register or /auth/anonymous.",
        };
        return Task.CompletedTask;
    }
}
