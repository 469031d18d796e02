namespace Radio.Domain.Station;

/// <summary>
/// What the station is playing, as a player shows it: "Artist 1, Artist 2 - Title". One instance per song play, shared
/// by every chunk of it, so whoever sends titles sees a change by reference (two songs may share one text).
/// </summary>
public sealed class StreamTitle(string text)
{
    public string Text { get; } = text;

    /// <summary>
    /// The text as sent in ICY metadata: a <c>'</c> becomes <c>’</c>, since titles come from uploaders and a quote
    /// would let one end <c>StreamTitle='…';</c> early or add a field (a <c>StreamUrl</c> players follow).
    /// </summary>
    public string IcyText => Text.Replace('\'', '’');

    public static StreamTitle For(string artistNames, string title) =>
        new(string.IsNullOrEmpty(artistNames) ? title : $"{artistNames} - {title}");
}
