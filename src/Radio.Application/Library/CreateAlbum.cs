using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Domain.Library;

namespace Radio.Application.Library;

/// <summary>Creates an album: an artist account for its own artist, an admin for any.</summary>
public sealed record CreateAlbum(int CallerId, string? Title, int? ArtistId) : ICommand<AlbumView>;

public sealed class CreateAlbumValidator : AbstractValidator<CreateAlbum>
{
    public CreateAlbumValidator()
    {
        RuleFor(x => x.Title).Cascade(CascadeMode.Stop)
            .Must(title => !string.IsNullOrWhiteSpace(title)).WithMessage("title is required.")
            .Must(title => title!.Trim().Length <= Album.MaxTitleLength)
            .WithMessage($"title must be at most {Album.MaxTitleLength} characters.");
        RuleFor(x => x.ArtistId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("artist_id is required.")
            .GreaterThan(0).WithMessage("artist_id must be a positive whole number.");
    }
}

public sealed class CreateAlbumHandler(IUserAccounts accounts, IArtists artists, IAlbums albums, TimeProvider clock)
    : ICommandHandler<CreateAlbum, AlbumView>
{
    public async ValueTask<AlbumView> Handle(CreateAlbum command, CancellationToken cancellationToken)
    {
        var artistId = command.ArtistId!.Value;
        var artist = await artists.FindViewAsync(artistId, cancellationToken)
            ?? throw new ValidationException([new ValidationFailure(nameof(CreateAlbum.ArtistId), $"No artist has the id {artistId}.")]);
        var caller = await accounts.FindAsync(command.CallerId, cancellationToken);
        if (caller is null || !caller.ActsFor(artistId))
        {
            throw new ForbiddenException("An artist may only create albums of their own artist.");
        }

        var album = Album.Create(command.Title!, artistId, clock.GetUtcNow());
        await albums.AddAsync(album, cancellationToken);
        return new AlbumView(album.Id, album.Title, album.ArtistId, artist.Name);
    }
}
