using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Radio.Application.Common;
using Radio.Application.Library;
using Radio.Domain.Library;

namespace Radio.Web.Library;

/// <summary>The <c>Radio:Uploads</c> section.</summary>
public sealed class UploadOptions
{
    public const string Section = "Radio:Uploads";

    public long MaxAudioBytes { get; set; } = 50 * 1024 * 1024;

    public long MaxImageBytes { get; set; } = 5 * 1024 * 1024;
}

/// <summary>
/// Streams the multipart body of <c>POST /songs/upload</c>: text fields into strings, files in chunks into
/// media drafts while their format check reads along. Nothing holds a whole file in memory, and a size
/// limit is a 413 as soon as it is passed.
/// </summary>
public sealed class SongUploadReader(IMediaStore media, IOptions<UploadOptions> options)
{
    private const int BufferSize = 80 * 1024; // below the large-object heap threshold
    private const int MaxTextBytes = 16 * 1024;
    private const long FormOverheadBytes = 1024 * 1024; // boundaries, part headers and the text fields

    private long MaxBodyBytes => options.Value.MaxAudioBytes + options.Value.MaxImageBytes + FormOverheadBytes;

    /// <summary>Reads the whole form; the caller disposes it, which discards drafts that were not committed.</summary>
    public async Task<SongUploadForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new PayloadTooLargeException($"An upload is at most {MaxBodyBytes} bytes.");
        }

        // Kestrel's 30 MB default stays for every other endpoint
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        var reader = new MultipartReader(Boundary(request.ContentType), request.Body);
        var form = new SongUploadForm(media);
        try
        {
            while (await Malformed(() => reader.ReadNextSectionAsync(cancellationToken)) is { } section)
            {
                await ReadSectionAsync(section, form, cancellationToken);
            }

            return form;
        }
        catch
        {
            form.Dispose();
            throw;
        }
    }

    private async Task ReadSectionAsync(MultipartSection section, SongUploadForm form, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var name = FieldName(section);
        switch (name)
        {
            case "file":
                form.Audio = Once(form.Audio, name)
                    ?? await StageAsync(section, form, ".mp3", limits.MaxAudioBytes, name, new AudioCheck(), cancellationToken);
                break;
            case "image":
                form.Image = Once(form.Image, name)
                    ?? await StageAsync(section, form, ".png", limits.MaxImageBytes, name, new ImageCheck(), cancellationToken);
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

    private async Task<StagedMedia> StageAsync(
        MultipartSection section, SongUploadForm form, string extension, long maxBytes, string name, IUploadCheck check,
        CancellationToken cancellationToken)
    {
        var draft = media.BeginWrite(extension);
        form.Track(draft.Key);
        var buffer = new byte[BufferSize];
        long total = 0;
        await using (draft.Content)
        {
            int read;
            while ((read = await Malformed(() => section.Body.ReadAsync(buffer, cancellationToken).AsTask())) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new PayloadTooLargeException($"{name} is larger than {maxBytes} bytes.");
                }

                check.Append(buffer.AsSpan(0, read));
                await draft.Content.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var (isValid, error, durationSeconds) = check.Complete();
        return new StagedMedia(draft.Key, total, isValid, durationSeconds, error);
    }

    private static async Task<string> ReadTextAsync(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxTextBytes + 1];
        var length = 0;
        int read;
        while ((read = await Malformed(() => section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).AsTask())) > 0)
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

    /// <summary>A body that ends early or breaks the multipart format is a 400, not a 500.</summary>
    private static async Task<T> Malformed<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (InvalidDataException)
        {
            throw new BadRequestException("The multipart body is malformed.");
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            // also a client that went away mid-upload: nobody reads this answer, and the drafts are discarded either way
            throw new BadRequestException("The multipart body ended early or could not be read.");
        }
    }
}

/// <summary>The upload form as read: its text fields and its files staged as media drafts.</summary>
public sealed class SongUploadForm(IMediaStore media) : IDisposable
{
    private readonly List<string> _drafts = [];

    public string? Title { get; set; }

    public string? AlbumId { get; set; }

    public string? ArtistIds { get; set; }

    public StagedMedia? Audio { get; set; }

    public StagedMedia? Image { get; set; }

    public UploadSong ToCommand(int uploaderId) => new(uploaderId, Title, AlbumId, ArtistIds, Audio, Image);

    internal void Track(string key) => _drafts.Add(key);

    /// <summary>Discards every draft that was not committed, on success and failure alike.</summary>
    public void Dispose()
    {
        foreach (var key in _drafts)
        {
            media.Discard(key);
        }
    }
}

public static class SongUploads
{
    public static IServiceCollection AddSongUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.Section));
        return services.AddSingleton<SongUploadReader>();
    }
}
