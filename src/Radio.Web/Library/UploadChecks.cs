using Radio.Domain.Library.Media;

namespace Radio.Web.Library;

/// <summary>Reads an uploaded file's bytes as they stream past and says whether they are what the field requires.</summary>
internal interface IUploadCheck
{
    void Append(ReadOnlySpan<byte> chunk);

    /// <summary>After the last chunk: whether the bytes are valid, why not, and the audio's duration (0 for images).</summary>
    (bool IsValid, string? Error, double DurationSeconds) Complete();
}

/// <summary>The <c>file</c> field: MPEG audio, its duration counted from the frames.</summary>
internal sealed class AudioCheck : IUploadCheck
{
    private readonly Mp3Analyzer _analyzer = new();

    public void Append(ReadOnlySpan<byte> chunk) => _analyzer.Append(chunk);

    public (bool IsValid, string? Error, double DurationSeconds) Complete()
    {
        var analysis = _analyzer.Complete();
        return (analysis.IsValid, analysis.Error, analysis.DurationSeconds);
    }
}

/// <summary>The <c>image</c> field: a PNG with a sane header and intact chunks.</summary>
internal sealed class ImageCheck : IUploadCheck
{
    private readonly PngCheck _check = new();

    public void Append(ReadOnlySpan<byte> chunk) => _check.Append(chunk);

    public (bool IsValid, string? Error, double DurationSeconds) Complete()
    {
        var result = _check.Complete();
        return (result.IsValid, result.Error, 0);
    }
}
