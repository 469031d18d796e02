using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Radio.Web.Library;

/// <summary>
/// Describes the multipart form of <c>POST /songs/upload</c>, which the action streams itself and so
/// declares no body parameter the document generator could see.
/// </summary>
internal sealed class SongUploadOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.HttpMethod == "POST" && context.Description.RelativePath == "songs/upload")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file", "title" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = Field(JsonSchemaType.String, "binary", "The audio: must really be MPEG audio (MP3)."),
                                ["image"] = Field(JsonSchemaType.String, "binary", "Optional album art: must really be a PNG."),
                                ["title"] = Field(JsonSchemaType.String, null, "1 to 200 characters."),
                                ["album_id"] = Field(JsonSchemaType.String, null, "Optional id of an existing album."),
                                ["artist_ids"] = Field(
                                    JsonSchemaType.String, null,
                                    "Optional comma-separated artist ids in credit order; an artist uploading without it is the song's artist."),
                            },
                        },
                    },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Field(JsonSchemaType type, string? format, string description) =>
        new() { Type = type, Format = format, Description = description };
}
