namespace Radio.Infrastructure.Media;

/// <summary>
/// Validates and measures an MPEG audio file fed in chunks as it streams (<see cref="Append"/>, then <see cref="Complete"/>),
/// keeping only a 16 KiB carry-over buffer. A file is valid when, after any ID3v2 tags, a run of
/// <see cref="SyncFrames"/> consistent frames (or the whole file, if shorter) starts within <see cref="MaxSyncSearchBytes"/>.
/// After that, a corrupt stretch is skipped if frames resume within <see cref="MaxResyncBytes"/>; otherwise counting
/// stops there, which is how a trailing ID3v1, APE tag or junk is tolerated. A truncated last frame is ignored. Frames
/// that change the format on the way are reported (<see cref="Mp3Analysis.ChangesFormat"/>), not rejected. It also
/// measures how much of the file is MPEG frames (of any format) and where the last one ends, for an upload to keep only
/// the frames (<see cref="Mp3Upload"/>).
/// </summary>
internal sealed partial class Mp3Analyzer
{
    public const int SyncFrames = 3;
    public const int MaxSyncSearchBytes = 64 * 1024;
    public const int MaxResyncBytes = 64 * 1024;
    private const int BufferSize = 16 * 1024;   // more than three of the largest frames (1,729 bytes each)
    private const int Id3v2HeaderLength = 10;
    private const int Id3v1Length = Mp3Analysis.Id3v1Length;

    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<Mp3FrameInfo>? _frameLog;
    private int _pos;             // next unread byte in _buffer
    private int _count;           // bytes held in _buffer
    private long _bufferOffset;   // file offset of _buffer[0]
    private long _skip;           // bytes still to drop from input before buffering
    private long _received;
    private State _state = State.Start;
    private string? _error;
    private long _searchFrom;
    private Mp3FrameHeader _format;
    private long _audioStart = -1;
    private long? _taggedFrames;
    private (long Offset, Mp3FrameHeader Header)? _pending;
    private long _frames;
    private long _samples;
    private long _bitrateSamples;
    private bool _changesFormat;
    private bool _completed;
    private long _id3v2End;
    private long _frameBytes;     // every complete frame, of the stream and of any other, and a VBR tag frame
    private long _audioEnd;       // where the last of those frames ends
    private (long Next, Mp3FrameHeader Format)? _foreign; // where a run of frames of another stream continues
    private readonly byte[] _tail = new byte[Id3v1Length]; // the input's last bytes, for a trailing ID3v1 tag
    private int _tailLength;

    public Mp3Analyzer()
    {
    }

    internal Mp3Analyzer(bool collectFrames) => _frameLog = collectFrames ? [] : null;

    private enum State { Start, Searching, Tracking, Resyncing, Done, Failed }

    private long Offset => _bufferOffset + _pos;
    private ReadOnlySpan<byte> Unread => _buffer.AsSpan(_pos, _count - _pos);

    public static Mp3Analysis Analyze(ReadOnlySpan<byte> file)
    {
        var analyzer = new Mp3Analyzer();
        analyzer.Append(file);
        return analyzer.Complete();
    }

    /// <summary>Analyses a stream read to its end in small chunks, so a file of any size takes no more memory.</summary>
    public static async Task<Mp3Analysis> AnalyzeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var analyzer = new Mp3Analyzer();
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            analyzer.Append(buffer.AsSpan(0, read));
        }

        return analyzer.Complete();
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The analysis is already complete.");
        }

        _received += chunk.Length;
        KeepTail(chunk);
        while (!chunk.IsEmpty && _state is not (State.Done or State.Failed))
        {
            if (_skip > 0)
            {
                var dropped = (int)Math.Min(_skip, chunk.Length);
                chunk = chunk[dropped..];
                _skip -= dropped;
                _bufferOffset += dropped;
                continue;
            }

            var taken = Math.Min(chunk.Length, _buffer.Length - _count);
            chunk[..taken].CopyTo(_buffer.AsSpan(_count));
            _count += taken;
            chunk = chunk[taken..];
            Process(final: false);
        }
    }

    public Mp3Analysis Complete()
    {
        if (!_completed)
        {
            _completed = true;
            Process(final: true);
            if (_skip == 0)
            {
                CommitPending();
            }
        }

        if (_received == 0)
        {
            return Mp3Analysis.Invalid("The file is empty.");
        }

        if (_state == State.Failed)
        {
            return Mp3Analysis.Invalid(_error!);
        }

        if (_frames == 0)
        {
            return Mp3Analysis.Invalid("The file holds no complete MPEG audio frame.");
        }

        // never claim more audio than the file holds, whatever a Xing or VBRI tag says
        var frames = _taggedFrames is long tagged && tagged > 0 ? Math.Min(tagged, _frames) : _frames;
        var id3v1 = _tailLength == Id3v1Length && _tail.AsSpan().StartsWith("TAG"u8) && _received - Id3v1Length >= _audioEnd;
        return new Mp3Analysis(true, null, frames * (double)_format.SamplesPerFrame / _format.SampleRate, frames,
            (int)Math.Round(_bitrateSamples / (double)_samples), _format.SampleRate, _format.Channels, _audioStart,
            _changesFormat, _format.Layer)
        {
            FileBytes = _received,
            Id3v2Bytes = _id3v2End,
            FrameBytes = _frameBytes,
            AudioEndOffset = _audioEnd,
            EndsWithId3v1 = id3v1,
        };
    }

    internal Mp3FrameInfo[] TakeFrames()
    {
        var frames = _frameLog!.ToArray();
        _frameLog.Clear();
        return frames;
    }

    private void KeepTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= Id3v1Length)
        {
            chunk[^Id3v1Length..].CopyTo(_tail);
            _tailLength = Id3v1Length;
            return;
        }

        var kept = Math.Min(_tailLength, Id3v1Length - chunk.Length);
        _tail.AsSpan(_tailLength - kept, kept).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(kept));
        _tailLength = kept + chunk.Length;
    }

    private void Process(bool final)
    {
        while (_skip == 0 && Step(final))
        {
        }

        _buffer.AsSpan(_pos, _count - _pos).CopyTo(_buffer);
        _count -= _pos;
        _bufferOffset += _pos;
        _pos = 0;
    }
}
