namespace Radio.Infrastructure.Library;

/// <summary>Recognises a write that failed because the file system ran out of space (or the owner's disk quota).</summary>
internal static class DiskFull
{
    // Unix reports the errno itself; Windows an HRESULT made from its error code
    private const int NoSpaceErrno = 28;              // ENOSPC, the same on Linux and macOS
    private const int LinuxQuotaErrno = 122;          // EDQUOT
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFullError = unchecked((int)0x80070070);

    public static bool Is(IOException exception) => exception.HResult switch
    {
        NoSpaceErrno or HandleDiskFull or DiskFullError => true,
        LinuxQuotaErrno => OperatingSystem.IsLinux(),
        _ => false,
    };
}
