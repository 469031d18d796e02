namespace Radio.Web.Library;

/// <summary>A tag with how many songs carry it.</summary>
public sealed record TagResponse(string Name, int SongCount);

/// <summary>A song's score for a tag, in [0, 1].</summary>
public sealed record TagScoreRequest(string? Name, double? Score);

public sealed record TagScoreResponse(string Name, double Score);

/// <summary>A vibe search term: the score wanted for a tag.</summary>
public sealed record VibeTargetRequest(string? Name, double? TargetScore);

/// <summary>A Song object plus how far its scores are from the request (mean absolute error).</summary>
public sealed record VibeSongResponse : SongResponse
{
    public required double MatchError { get; init; }
}
