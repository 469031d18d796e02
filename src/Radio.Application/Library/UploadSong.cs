using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>
/// Stores an uploaded song whose files the media store has staged and checked. Absent artist ids mean the
/// uploading artist's own artist. An artist may put the song only into an album of one of its artists, and what the
/// artist's accounts store stays within <see cref="UploadOptions.QuotaBytesPerArtist"/>; admins are held to neither.
/// The handler commits the files once the song's row is stored; drafts it does not commit are discarded by the store
/// when the request ends.
/// </summary>
public sealed record UploadSong(
    int UploaderId, string? Title, int? AlbumId, IReadOnlyList<int>? ArtistIds, StagedAudio? Audio, StagedImage? Image)
    : ICommand<SongView>;

public sealed class UploadSongValidator : AbstractValidator<UploadSong>
{
    public const int MaxArtists = 20;

    /// <summary>Also the message for <c>artist_ids</c> that are not numbers, which the edge rejects before this runs.</summary>
    public static readonly string ArtistIdsMessage =
        $"artist_ids must be up to {MaxArtists} comma-separated positive whole numbers, each at most once.";

    public const string AlbumIdMessage = "album_id must be a positive whole number.";

    public UploadSongValidator()
    {
        RuleFor(x => x.Title).Cascade(CascadeMode.Stop)
            .Must(title => !string.IsNullOrWhiteSpace(title)).WithMessage("title is required.")
            .Must(title => title!.Trim().Length <= Song.MaxTitleLength)
            .WithMessage($"title must be at most {Song.MaxTitleLength} characters.");
        RuleFor(x => x.AlbumId).GreaterThan(0).WithMessage(AlbumIdMessage);
        RuleFor(x => x.ArtistIds)
            .Must(ids => ids!.Count is > 0 and <= MaxArtists && ids.Distinct().Count() == ids.Count && ids.All(id => id > 0))
            .When(x => x.ArtistIds is not null)
            .WithMessage(ArtistIdsMessage);
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
    IPublisher publisher, UploadOptions options, TimeProvider clock)
    : ICommandHandler<UploadSong, SongView>
{
    public async ValueTask<SongView> Handle(UploadSong command, CancellationToken cancellationToken)
    {
        var uploader = await accounts.FindAsync(command.UploaderId, cancellationToken)
            ?? throw new ForbiddenException("The account of this token no longer exists.");
        var artistIds = command.ArtistIds ?? OwnArtist(uploader);
        var album = await EnsureExistAsync(artistIds, command.AlbumId, cancellationToken);
        var isAdmin = uploader.Role == Role.Admin;
        if (!isAdmin && !(uploader.ArtistId is int own && artistIds.Contains(own)))
        {
            throw new ForbiddenException("An artist may only upload songs that list their own artist.");
        }

        if (!isAdmin && album is not null && !artistIds.Contains(album.ArtistId))
        {
            throw new ForbiddenException("An artist may only put a song into an album of one of the song's artists.");
        }

        var audio = command.Audio!;
        var song = Song.Create(
            command.Title!, artistIds, command.AlbumId, audio.DurationSeconds, audio.Key, audio.Bytes, uploader.Id, clock.GetUtcNow());
        if (command.Image is { } image)
        {
            song.AttachImage(image.Key, image.Bytes);
        }

        // the uploader's artist pays for what its accounts store, whoever else the song lists
        StorageQuota? quota = isAdmin ? null : new StorageQuota(uploader.ArtistId!.Value, options.QuotaBytesPerArtist);

        // the whole upload has arrived: finish storing it even if the client goes away now
        if (!await songs.AddAsync(song, quota, CancellationToken.None))
        {
            throw new ForbiddenException(
                $"Your artist's stored audio and images would pass its quota of {options.QuotaBytesPerArtist} bytes with this upload "
                + $"of {song.StoredBytes} bytes; delete songs to make room.");
        }

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

    private static int[] OwnArtist(User uploader) => uploader.ArtistId is int own
        ? [own]
        : throw new ValidationException(
            [new ValidationFailure(nameof(UploadSong.ArtistIds), "artist_ids is required when an admin uploads a song.")]);

    /// <summary>The album named, once the artists and it are known to exist.</summary>
    private async Task<AlbumView?> EnsureExistAsync(IReadOnlyCollection<int> artistIds, int? albumId, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        var missing = await artists.MissingAsync(artistIds, cancellationToken);
        if (missing.Count > 0)
        {
            failures.Add(new ValidationFailure(
                nameof(UploadSong.ArtistIds), $"No artist has the id {string.Join(", ", missing)}."));
        }

        var album = albumId is int id ? await albums.FindViewAsync(id, cancellationToken) : null;
        if (albumId is int missingId && album is null)
        {
            failures.Add(new ValidationFailure(nameof(UploadSong.AlbumId), $"No album has the id {missingId}."));
        }

        return failures.Count > 0 ? throw new ValidationException(failures) : album;
    }
}
