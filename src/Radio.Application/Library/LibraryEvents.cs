using Mediator;

namespace Radio.Application.Library;

// Published after the change is committed, so in-memory indexes and the station's programme follow the library.

/// <summary>A song was stored (row committed, files in place).</summary>
public sealed record SongAdded(int SongId) : INotification;

/// <summary>A song and its files were deleted.</summary>
public sealed record SongRemoved(int SongId) : INotification;

/// <summary>A song's tag scores were replaced.</summary>
public sealed record SongTagsChanged(int SongId) : INotification;
