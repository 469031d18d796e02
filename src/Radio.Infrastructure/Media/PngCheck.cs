using System.Buffers.Binary;

namespace Radio.Infrastructure.Media;

internal sealed record PngCheckResult(bool IsValid, int Width, int Height, string? Error)
{
    internal static PngCheckResult Invalid(string error) => new(false, 0, 0, error);
}

/// <summary>
/// Checks a PNG fed in chunks as it streams (<see cref="Append"/>, then <see cref="Complete"/>) without holding it:
/// the signature, a sane IHDR first, every chunk's CRC, at least one IDAT and an IEND. Bytes after IEND are ignored.
/// Image data is not decompressed.
/// </summary>
internal sealed class PngCheck(int maxDimension = PngCheck.DefaultMaxDimension)
{
    public const int DefaultMaxDimension = 10_000;
    private const int IhdrLength = 13;
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _field = new byte[IhdrLength];   // the signature, a chunk head, IHDR data or a CRC
    private int _fieldLength;
    private State _state = State.Signature;
    private string? _error;
    private uint _chunkLength;
    private uint _chunkType;
    private long _dataLeft;
    private uint _crc;
    private int _chunks;
    private bool _sawImageData;
    private int _width;
    private int _height;

    private enum State { Signature, ChunkHead, ChunkData, ChunkCrc, Ended, Failed }

    private static uint Ihdr => 0x49484452;
    private static uint Idat => 0x49444154;
    private static uint Iend => 0x49454E44;

    public static PngCheckResult Check(ReadOnlySpan<byte> file)
    {
        var check = new PngCheck();
        check.Append(file);
        return check.Complete();
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty && _state is not (State.Ended or State.Failed))
        {
            if (_state == State.ChunkData && _chunkType != Ihdr)
            {
                var take = (int)Math.Min(_dataLeft, chunk.Length);
                _crc = Crc32.Append(_crc, chunk[..take]);
                _dataLeft -= take;
                chunk = chunk[take..];
                if (_dataLeft == 0)
                {
                    _state = State.ChunkCrc;
                }

                continue;
            }

            var wanted = FieldLength() - _fieldLength;
            var taken = Math.Min(wanted, chunk.Length);
            chunk[..taken].CopyTo(_field.AsSpan(_fieldLength));
            _fieldLength += taken;
            chunk = chunk[taken..];
            if (_fieldLength == FieldLength())
            {
                _fieldLength = 0;
                OnField(_field.AsSpan(0, FieldLength()));
            }
        }
    }

    public PngCheckResult Complete() => _state switch
    {
        State.Failed => PngCheckResult.Invalid(_error!),
        State.Ended => new PngCheckResult(true, _width, _height, null),
        State.Signature => PngCheckResult.Invalid("The file is not a PNG image."),
        _ => PngCheckResult.Invalid("The PNG image is truncated."),
    };

    private int FieldLength() => _state switch
    {
        State.Signature => Signature.Length,
        State.ChunkHead => 8,
        State.ChunkData => IhdrLength,
        _ => 4,
    };

    private void OnField(ReadOnlySpan<byte> field)
    {
        switch (_state)
        {
            case State.Signature when !field.SequenceEqual(Signature):
                Fail("The file is not a PNG image.");
                break;
            case State.Signature:
                _state = State.ChunkHead;
                break;
            case State.ChunkHead:
                OnChunkHead(field);
                break;
            case State.ChunkData:
                _crc = Crc32.Append(_crc, field);
                OnHeader(field);
                break;
            default:
                OnCrc(BinaryPrimitives.ReadUInt32BigEndian(field));
                break;
        }
    }

    private void OnChunkHead(ReadOnlySpan<byte> head)
    {
        _chunkLength = BinaryPrimitives.ReadUInt32BigEndian(head);
        _chunkType = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        _crc = Crc32.Compute(head[4..]);
        if (_chunkLength > int.MaxValue)
        {
            Fail("A PNG chunk has an invalid length.");
        }
        else if ((_chunks == 0) != (_chunkType == Ihdr) || (_chunkType == Ihdr && _chunkLength != IhdrLength))
        {
            Fail("The PNG image does not start with a valid IHDR chunk.");
        }
        else
        {
            _dataLeft = _chunkLength;
            _state = _chunkLength == 0 ? State.ChunkCrc : State.ChunkData;
        }
    }

    private void OnHeader(ReadOnlySpan<byte> ihdr)
    {
        var width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        var (bitDepth, colourType) = (ihdr[8], ihdr[9]);
        var depthFits = colourType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (width < 1 || height < 1 || width > maxDimension || height > maxDimension)
        {
            Fail($"The PNG image must be 1 to {maxDimension} pixels wide and high.");
        }
        else if (!depthFits || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            Fail("The PNG header has an invalid bit depth, colour type, compression, filter or interlace method.");
        }
        else
        {
            (_width, _height) = ((int)width, (int)height);
            _state = State.ChunkCrc;
        }
    }

    private void OnCrc(uint crc)
    {
        if (crc != _crc)
        {
            Fail("A PNG chunk has a wrong CRC.");
            return;
        }

        _chunks++;
        _sawImageData |= _chunkType == Idat;
        _state = _chunkType != Iend ? State.ChunkHead
            : _sawImageData ? State.Ended
            : Fail("The PNG image has no image data.");
    }

    private State Fail(string error)
    {
        _state = State.Failed;
        _error = error;
        return State.Failed;
    }
}
