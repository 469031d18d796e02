using System.Globalization;

namespace Radio.Bench.Stats;

internal sealed record BenchOptions(int Sessions, int Days, int Listeners, int Requests, int Warmup, string DataDirectory)
{
    /// <summary>The seeded sessions end before this: the benchmark asks for the 30 days up to it.</summary>
    public DateTimeOffset End { get; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Start => End.AddDays(-Days);

    public string DatabasePath => Path.Combine(DataDirectory, "radio.db");

    /// <summary><c>--sessions N --days N --listeners N --requests N --warmup N --data DIR</c>; every one optional.</summary>
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Number(string name, int fallback) =>
            Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var data = Value("data") ?? Path.Combine(Path.GetTempPath(), "radio-bench", "stats-" + Guid.NewGuid().ToString("N")[..8]);
        return new BenchOptions(
            Number("sessions", 1_000_000), Number("days", 30), Number("listeners", 20_000), Number("requests", 200), Number("warmup", 20), data);
    }
}
