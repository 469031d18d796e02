namespace Radio.Infrastructure.Common;

/// <summary>The data directory as a full path, created on first use.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        FullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);
}
