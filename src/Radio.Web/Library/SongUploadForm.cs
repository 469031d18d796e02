using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Radio.Application.Library;
using Radio.Domain.Library;

namespace Radio.Web.Library;

/// <summary>The upload form as read: its text fields as sent and its files as the media store staged them.</summary>
internal sealed class SongUploadForm
{
    public string? Title { get; set; }

    public string? AlbumId { get; set; }

    public string? ArtistIds { get; set; }

    public StagedAudio? Audio { get; set; }

    public StagedImage? Image { get; set; }

    /// <summary>The ids are parsed here, at the edge: text that is not ids is a 400 keyed by its field, as any invalid field is.</summary>
    public UploadSong ToCommand(int uploaderId)
    {
        var failures = new List<ValidationFailure>();
        if (!TryParseIds(AlbumId, out var albumIds) || albumIds is { Count: not 1 })
        {
            failures.Add(new ValidationFailure(nameof(UploadSong.AlbumId), UploadSongValidator.AlbumIdMessage));
        }

        if (!TryParseIds(ArtistIds, out var artistIds))
        {
            failures.Add(new ValidationFailure(nameof(UploadSong.ArtistIds), UploadSongValidator.ArtistIdsMessage));
        }

        return failures.Count == 0
            ? new UploadSong(uploaderId, Title, albumIds?[0], artistIds, Audio, Image)
            : throw new ValidationException(failures);
    }

    /// <summary>Comma-separated positive whole numbers in the order given; a blank field is absent (null ids).</summary>
    internal static bool TryParseIds(string? text, out List<int>? ids)
    {
        ids = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parsed = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return false;
            }

            parsed.Add(id);
        }

        ids = parsed;
        return true;
    }
}
