namespace Radio.Domain.Library;

/// <summary>Where a song is on its way to the air: its station rendition is waited for, being made, ready, or failed.</summary>
public enum RenditionState
{
    /// <summary>Not yet rendered (a new upload, or a song from before renditions existed).</summary>
    Waiting = 0,

    /// <summary>Claimed by an instance until its lease ends; an expired lease may be taken again.</summary>
    Working = 1,

    /// <summary>On the air: its rendition, or its upload as it is when that already has the station's format.</summary>
    Ready = 2,

    /// <summary>Could not be rendered; kept off the air and not tried again.</summary>
    Failed = 3,
}
