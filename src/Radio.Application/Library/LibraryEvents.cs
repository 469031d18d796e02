using Mediator;

namespace Radio.Application.Library;

// Published after the change is committed, so in-memory indexes and the station's programme follow the library.

/// <summary>A song was stored (row committed, files in place).</summary>
public sealed record SongAdded(int SongId) : INotification;

/// <summary>
/// A song's station rendition is ready (or its upload already has the station's format): it may go on the air. Until
/// then the station cannot draw it, so this, not <see cref="SongAdded"/>, is what brings a new song into the programme.
/// </summary>
public sealed record SongReadyForStation(int SongId) : INotification;

/// <summary>A song and its files were deleted.</summary>
public sealed record SongRemoved(int SongId) : INotification;

/// <summary>A song's tag scores were replaced.</summary>
public sealed record SongTagsChanged(int SongId) : INotification;
