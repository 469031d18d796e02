namespace Radio.Infrastructure.Media;

/// <summary>The analyser's states: each step reads what it can from the carry-over buffer, or waits for more input.</summary>
internal sealed partial class Mp3Analyzer
{
    private bool Step(bool final) => _state switch
    {
        State.Start => ReadId3v2(final),
        State.Searching => Search(final),
        State.Tracking => Track(final),
        State.Resyncing => Resync(final),
        _ => false,
    };

    /// <summary>Moves past <paramref name="length"/> bytes, dropping whatever part has not arrived yet as it comes.</summary>
    private void Advance(long length)
    {
        var held = _count - _pos;
        if (length <= held)
        {
            _pos += (int)length;
        }
        else
        {
            _skip = length - held;
            _pos = _count;
        }
    }

    private bool ReadId3v2(bool final)
    {
        var data = Unread;
        if (data.Length < Id3v2HeaderLength && !final)
        {
            return false;
        }

        if (data.Length >= Id3v2HeaderLength && data.StartsWith("ID3"u8))
        {
            var size = data.Slice(6, 4);
            if (((size[0] | size[1] | size[2] | size[3]) & 0x80) != 0)
            {
                return Fail("The ID3v2 tag has an invalid size.");
            }

            var footer = (data[5] & 0x10) != 0 ? Id3v2HeaderLength : 0;
            Advance(Id3v2HeaderLength + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3]) + footer);
            return true;   // another tag may follow
        }

        _state = State.Searching;
        _searchFrom = _id3v2End = Offset;
        return true;
    }

    private bool Search(bool final)
    {
        var data = Unread;
        for (var i = 0; i < data.Length; i++)
        {
            if (Offset + i - _searchFrom > MaxSyncSearchBytes)
            {
                return Fail($"No MPEG audio frames in the first {MaxSyncSearchBytes / 1024} KiB.");
            }

            if (data[i] != 0xFF)
            {
                continue;
            }

            var found = Mp3Chain.Count(data[i..], null, SyncFrames, out var ranOut, out var end);
            var wholeShortFile = final && found > 0 && (ranOut || Mp3Chain.IsId3v1(data[(i + end)..]));
            if (found == SyncFrames || wholeShortFile)
            {
                Advance(i);
                StartTracking(data[i..]);
                return true;
            }

            if (ranOut && !final)
            {
                Advance(i);   // wait for the rest of the chain
                return false;
            }
        }

        Advance(data.Length);
        return final ? Fail("The file holds no run of valid MPEG audio frames.") : false;
    }

    private void StartTracking(ReadOnlySpan<byte> firstFrame)
    {
        Mp3Frames.TryReadHeader(firstFrame, out _format);
        _audioStart = Offset;
        _state = State.Tracking;
        _taggedFrames = Mp3Chain.VbrTagFrames(firstFrame[..Math.Min(firstFrame.Length, _format.FrameLength)], _format);
        if (_taggedFrames is not null)
        {
            CountFrameBytes(Offset, _format.FrameLength);
            Advance(_format.FrameLength);   // the tag frame holds no audio
        }
    }

    private bool Track(bool final)
    {
        CommitPending();
        var data = Unread;
        if (data.Length < 4)
        {
            if (final)
            {
                _state = State.Done;
            }

            return false;
        }

        if (Mp3Frames.TryReadHeader(data, out var header) && header.IsSameStream(_format))
        {
            _changesFormat |= header.Channels != _format.Channels;
            _pending = (Offset, header);
            Advance(header.FrameLength);
            return true;
        }

        _state = State.Resyncing;
        _searchFrom = Offset;
        return true;
    }

    private bool Resync(bool final)
    {
        var data = Unread;
        for (var i = 0; i < data.Length; i++)
        {
            if (Offset + i - _searchFrom > MaxResyncBytes)
            {
                _state = State.Done;
                return false;
            }

            if (data[i] != 0xFF)
            {
                continue;
            }

            // any two chained frames: the stream resuming, or a stream of another format (not counted, but reported)
            var found = Mp3Chain.Count(data[i..], null, 2, out var ranOut, out _);
            if (found == 2)
            {
                Mp3Frames.TryReadHeader(data[i..], out var header);
                if (header.IsSameStream(_format))
                {
                    Advance(i);
                    _state = State.Tracking;
                    return true;
                }

                _changesFormat = true;
                i += ForeignFrame(Offset + i, header) - 1;
                continue;
            }

            // the last frame of a run of another stream, where the frame before it said the next would be
            if (found == 1 && _foreign is var (next, format) && Offset + i == next
                && Mp3Frames.TryReadHeader(data[i..], out var last) && last.IsSameStream(format) && i + last.FrameLength <= data.Length)
            {
                i += ForeignFrame(Offset + i, last) - 1;
                continue;
            }

            if (ranOut && !final)
            {
                Advance(i);
                return false;
            }
        }

        Advance(data.Length);
        if (final)
        {
            _state = State.Done;
        }

        return false;
    }

    /// <summary>Counts a complete frame of another stream as MPEG audio (not as the stream's) and gives its length.</summary>
    private int ForeignFrame(long offset, Mp3FrameHeader header)
    {
        CountFrameBytes(offset, header.FrameLength);
        _foreign = (offset + header.FrameLength, header);
        return header.FrameLength;
    }

    private void CountFrameBytes(long offset, int length)
    {
        _frameBytes += length;
        _audioEnd = Math.Max(_audioEnd, offset + length);
    }

    private void CommitPending()
    {
        if (_pending is not var (offset, header))
        {
            return;
        }

        _pending = null;
        CountFrameBytes(offset, header.FrameLength);
        _frameLog?.Add(new Mp3FrameInfo(offset, header, _samples / (double)header.SampleRate));
        _frames++;
        _samples += header.SamplesPerFrame;
        _bitrateSamples += (long)header.BitrateKbps * header.SamplesPerFrame;
    }

    private bool Fail(string error)
    {
        _state = State.Failed;
        _error = error;
        return false;
    }
}
