using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Library;

namespace Radio.Web.Library;

/// <summary>
/// Reads the multipart body of <c>POST /songs/upload</c> into an <see cref="UploadSong"/>: text fields into strings,
/// each file streamed into the media store, which checks its format as it writes the draft. Nothing holds a whole
/// file in memory, and a size limit is a 413 as soon as it is passed. Drafts are the store's: whatever fails here,
/// it discards them at the end of the request.
/// </summary>
public sealed class SongUploadReader(IMediaStore media, IOptions<UploadOptions> options)
{
    private const int MaxTextBytes = 16 * 1024;
    private const long FormOverheadBytes = 1024 * 1024; // boundaries, part headers and the text fields

    private long MaxBodyBytes => options.Value.MaxAudioBytes + options.Value.MaxImageBytes + FormOverheadBytes;

    public async Task<UploadSong> ReadAsync(HttpRequest request, int uploaderId, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException($"An upload is at most {MaxBodyBytes} bytes.");
        }

        // the JSON endpoints keep their small limit (BodyLimits); only an upload may be this large
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        var reader = new MultipartReader(Boundary(request.ContentType), request.Body);
        var form = new SongUploadForm();
        while (await FormFileStream.Malformed(() => reader.ReadNextSectionAsync(cancellationToken)) is { } section)
        {
            await ReadSectionAsync(section, form, cancellationToken);
        }

        return form.ToCommand(uploaderId);
    }

    private async Task ReadSectionAsync(MultipartSection section, SongUploadForm form, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var name = FieldName(section);
        switch (name)
        {
            case "file":
                form.Audio = Once(form.Audio, name) ?? await media.StageAudioAsync(
                    new FormFileStream(section.Body, name, limits.MaxAudioBytes), cancellationToken);
                break;
            case "image":
                form.Image = Once(form.Image, name) ?? await media.StageImageAsync(
                    new FormFileStream(section.Body, name, limits.MaxImageBytes), cancellationToken);
                break;
            case "title":
                form.Title = Once(form.Title, name) ?? await ReadTextAsync(section, name, cancellationToken);
                break;
            case "album_id":
                form.AlbumId = Once(form.AlbumId, name) ?? await ReadTextAsync(section, name, cancellationToken);
                break;
            case "artist_ids":
                form.ArtistIds = Once(form.ArtistIds, name) ?? await ReadTextAsync(section, name, cancellationToken);
                break;
            default:
                await ReadTextAsync(section, name, cancellationToken); // fields the contract does not name are skipped
                break;
        }
    }

    private static async Task<string> ReadTextAsync(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxTextBytes + 1];
        var length = 0;
        int read;
        while ((read = await FormFileStream.Malformed(
            () => section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).AsTask())) > 0)
        {
            length += read;
            if (length > MaxTextBytes)
            {
                throw new PayloadTooLargeException($"The form field {name} is larger than {MaxTextBytes} bytes.");
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static T? Once<T>(T? current, string name) where T : class => current is null
        ? null
        : throw new BadRequestException($"The form field {name} was given more than once.");

    private static string FieldName(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
        && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(disposition.Name).Value is { Length: > 0 } name
            ? name
            : throw new BadRequestException("Every part of the form needs a form-data Content-Disposition with a name.");

    private static string Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is { Length: > 0 and <= 70 } boundary
            ? boundary
            : throw new BadRequestException("The body must be multipart/form-data with a boundary.");
}

public static class SongUploads
{
    public static IServiceCollection AddSongUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section))
            .Validate(o => o.MaxAudioBytes > 0 && o.MaxImageBytes > 0 && o.QuotaBytesPerArtist >= 0 && o.MinFreeBytes >= 0
                && o.MaxConcurrentPerAccount >= 1,
                "Radio:Uploads: MaxAudioBytes and MaxImageBytes must be positive, QuotaBytesPerArtist and MinFreeBytes at least 0, MaxConcurrentPerAccount at least 1.")
            .ValidateOnStart();
        services.AddOptions<LibraryOptions>().Bind(configuration.GetSection(LibraryOptions.Section))
            .Validate(o => o.MaxTags >= 1, "Radio:Library:MaxTags must be at least 1.")
            .ValidateOnStart();
        // the use cases take the values: Application does not reference the options package
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<UploadOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LibraryOptions>>().Value);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, ConcurrentUploads>(ConcurrentUploads.Policy));
        return services.AddScoped<SongUploadReader>(); // scoped like the media store it stages into
    }
}
