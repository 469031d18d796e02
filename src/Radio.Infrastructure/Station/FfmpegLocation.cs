namespace Radio.Infrastructure.Station;

/// <summary>Finds the ffmpeg executable (and <c>nice</c>, so renditions yield the CPU to listeners) once, at start-up.</summary>
internal static class FfmpegLocation
{
    /// <summary>The full path of <paramref name="configured"/>: itself when it is a path, else the first match on PATH.</summary>
    public static string? Find(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || configured.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var names = OperatingSystem.IsWindows() && !configured.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            ? new[] { configured + ".exe", configured }
            : [configured];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary><c>nice</c> where the system has one (not on Windows).</summary>
    public static string? FindNice() => OperatingSystem.IsWindows() ? null : Find("nice");
}
