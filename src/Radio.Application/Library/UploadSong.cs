using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>
/// Stores an uploaded song whose files have already been streamed into media drafts and checked.
/// The ids are the form's text as sent (<c>artist_ids</c> comma-separated); absent artist ids mean the
/// uploading artist's own artist. The caller discards the drafts afterwards; committed ones are unaffected.
/// </summary>
public sealed record UploadSong(
    int UploaderId, string? Title, string? AlbumId, string? ArtistIds, StagedMedia? Audio, StagedMedia? Image)
    : ICommand<SongView>;

/// <summary>
/// A file received into a media draft: its key, its size, and what reading its bytes found
/// (<see cref="IsValid"/>: really MPEG audio or really a PNG, else <see cref="Error"/> says why; the audio's duration from its frames).
/// </summary>
public sealed record StagedMedia(string Key, long Bytes, bool IsValid, double DurationSeconds = 0, string? Error = null);

public sealed class UploadSongValidator : AbstractValidator<UploadSong>
{
    public const int MaxArtists = 20;

    public UploadSongValidator()
    {
        RuleFor(x => x.Title).Cascade(CascadeMode.Stop)
            .Must(title => !string.IsNullOrWhiteSpace(title)).WithMessage("title is required.")
            .Must(title => title!.Trim().Length <= Song.MaxTitleLength)
            .WithMessage($"title must be at most {Song.MaxTitleLength} characters.");
        RuleFor(x => x.AlbumId)
            .Must(text => UploadIds.ParseOne(text) is not null).When(x => UploadIds.IsGiven(x.AlbumId))
            .WithMessage("album_id must be a positive whole number.");
        RuleFor(x => x.ArtistIds)
            .Must(text => UploadIds.ParseList(text) is { Count: > 0 and <= MaxArtists } ids && ids.Distinct().Count() == ids.Count)
            .When(x => UploadIds.IsGiven(x.ArtistIds))
            .WithMessage($"artist_ids must be up to {MaxArtists} comma-separated positive whole numbers, each at most once.");
        RuleFor(x => x.Audio).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("file is required.")
            .Must(audio => audio!.IsValid && audio.DurationSeconds > 0).WithMessage(x => $"file must be MPEG audio (MP3). {x.Audio!.Error}".TrimEnd())
            .OverridePropertyName("file");
        RuleFor(x => x.Image)
            .Must(image => image!.IsValid).When(x => x.Image is not null).WithMessage(x => $"image must be a PNG. {x.Image!.Error}".TrimEnd());
    }
}

public sealed class UploadSongHandler(
    IUserAccounts accounts, IArtists artists, IAlbums albums, ISongCatalog songs, IMediaStore media,
    IPublisher publisher, TimeProvider clock)
    : ICommandHandler<UploadSong, SongView>
{
    public async ValueTask<SongView> Handle(UploadSong command, CancellationToken cancellationToken)
    {
        var uploader = await accounts.FindAsync(command.UploaderId, cancellationToken)
            ?? throw new ForbiddenException("The account of this token no longer exists.");
        var artistIds = UploadIds.ParseList(command.ArtistIds) ?? OwnArtist(uploader);
        var albumId = UploadIds.ParseOne(command.AlbumId);
        await EnsureExistAsync(artistIds, albumId, cancellationToken);
        if (uploader.Role != Role.Admin && !(uploader.ArtistId is int own && artistIds.Contains(own)))
        {
            throw new ForbiddenException("An artist may only upload songs that list their own artist.");
        }

        var audio = command.Audio!;
        var song = Song.Create(
            command.Title!, artistIds, albumId, audio.DurationSeconds, audio.Key, audio.Bytes, uploader.Id, clock.GetUtcNow());
        if (command.Image is { } image)
        {
            song.AttachImage(image.Key);
        }

        // the whole upload has arrived: finish storing it even if the client goes away now
        await songs.AddAsync(song, CancellationToken.None);
        try
        {
            media.Commit(audio.Key);
            if (command.Image is { } committed)
            {
                media.Commit(committed.Key);
            }
        }
        catch
        {
            // a row without its files must not stay: undo the row, drop what was moved, and fail
            await songs.RemoveAsync(song, CancellationToken.None);
            media.Delete(audio.Key);
            if (command.Image is { } moved)
            {
                media.Delete(moved.Key);
            }

            throw;
        }

        await publisher.Publish(new SongAdded(song.Id), CancellationToken.None);
        return await songs.FindViewAsync(song.Id, CancellationToken.None)
            ?? throw new InvalidOperationException("A song just stored could not be read back.");
    }

    private static List<int> OwnArtist(User uploader) => uploader.ArtistId is int own
        ? [own]
        : throw new ValidationException(
            [new ValidationFailure(nameof(UploadSong.ArtistIds), "artist_ids is required when an admin uploads a song.")]);

    private async Task EnsureExistAsync(IReadOnlyCollection<int> artistIds, int? albumId, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        var missing = await artists.MissingAsync(artistIds, cancellationToken);
        if (missing.Count > 0)
        {
            failures.Add(new ValidationFailure(
                nameof(UploadSong.ArtistIds), $"No artist has the id {string.Join(", ", missing)}."));
        }

        if (albumId is int id && !await albums.ExistsAsync(id, cancellationToken))
        {
            failures.Add(new ValidationFailure(nameof(UploadSong.AlbumId), $"No album has the id {id}."));
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }
}

/// <summary>The id fields of the upload form, as text; a blank field counts as absent.</summary>
internal static class UploadIds
{
    public static bool IsGiven(string? text) => !string.IsNullOrWhiteSpace(text);

    public static int? ParseOne(string? text) =>
        IsGiven(text) && int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    /// <summary>The ids in the order given, or null when the field is absent or any part is not a positive id.</summary>
    public static List<int>? ParseList(string? text)
    {
        if (!IsGiven(text))
        {
            return null;
        }

        var ids = new List<int>();
        foreach (var part in text!.Split(','))
        {
            if (ParseOne(part) is not int id)
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }
}
