namespace Radio.Bench.Stats;

internal sealed record BenchOptions(
    int Sessions, int Days, int Listeners, int Users, int Check, bool ThroughWriter, int Requests, int Warmup, string DataDirectory)
{
    /// <summary>The seeded sessions end before this: the benchmark asks for the days up to it.</summary>
    public DateTimeOffset End { get; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Start => End.AddDays(-Days);

    public string DatabasePath => Path.Combine(DataDirectory, "radio.db");

    /// <summary>
    /// <c>--sessions N --days N --listeners N --users N --check N --writer --requests N --warmup N --data DIR</c>; every
    /// one optional. <c>--sessions 0</c> or <c>--users 0</c> skips that part; <c>--check 0</c> skips the seeding check;
    /// <c>--writer</c> seeds the sessions through the server's own writer instead of in bulk (minutes for a million).
    /// </summary>
    public static BenchOptions Parse(string[] args)
    {
        var arguments = new BenchArguments(args);
        var data = arguments.Value("data") ?? Path.Combine(Path.GetTempPath(), "radio-bench", "stats-" + Guid.NewGuid().ToString("N")[..8]);
        return new BenchOptions(
            arguments.Number("sessions", 1_000_000), arguments.Number("days", 30), arguments.Number("listeners", 20_000), arguments.Number("users", 100_000),
            arguments.Number("check", 5_000), arguments.Flag("writer"), arguments.Number("requests", 200), arguments.Number("warmup", 20), data);
    }
}
