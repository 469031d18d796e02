namespace Radio.Domain.Library;

/// <summary>
/// The song's station rendition: the audio the station plays, in the station's one format and loudness.
/// Instances claim and finish renditions with atomic conditional updates in the store, so the state here is what was
/// last stored; the rules below are what every claim and reader must agree on.
/// </summary>
public sealed partial class Song
{
    public const int MaxRenditionErrorLength = 500;
    public const int MaxRenditionOwnerLength = 100;

    public RenditionState RenditionState { get; private set; }

    /// <summary>The stored rendition's key; null while none is made, or when the upload itself is played.</summary>
    public string? RenditionKey { get; private set; }

    /// <summary>Why the rendition failed, for the operator.</summary>
    public string? RenditionError { get; private set; }

    /// <summary>The instance that is making the rendition (with <see cref="RenditionState.Working"/>).</summary>
    public string? RenditionOwner { get; private set; }

    /// <summary>Until when <see cref="RenditionOwner"/>'s claim holds; after it, another instance may take the work.</summary>
    public DateTimeOffset? RenditionLeaseUntil { get; private set; }

    /// <summary>Puts the song on the air as uploaded (it already has the station's format) or with a rendition.</summary>
    public void MarkStationReady(string? renditionKey, double durationSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        (RenditionState, RenditionKey, RenditionError, RenditionOwner, RenditionLeaseUntil) =
            (RenditionState.Ready, renditionKey, null, null, null);
        DurationSeconds = durationSeconds;
    }
}
