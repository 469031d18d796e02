using System.Text.Json.Serialization;
using Radio.Web.Library;

namespace Radio.Web.Listens;

public sealed record ListenResponse(SongResponse Song, DateTimeOffset ListenedAt, double CreditedSeconds);

/// <summary>One listen of a ListenBrainz <c>import</c> submission's <c>payload</c>.</summary>
public sealed record ListenBrainzListen(long ListenedAt, ListenBrainzTrackMetadata TrackMetadata);

/// <summary>ListenBrainz asks to leave out a field it has no data for, rather than send it empty.</summary>
public sealed record ListenBrainzTrackMetadata(
    string ArtistName,
    string TrackName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReleaseName,
    ListenBrainzAdditionalInfo AdditionalInfo);

public sealed record ListenBrainzAdditionalInfo(long DurationMs, string SubmissionClient);
