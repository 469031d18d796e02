using System.Globalization;

namespace Radio.Bench.Library;

internal sealed record BenchOptions(int Songs, int Artists, int Requests, int Warmup, int[] Clients, string DataDirectory)
{
    /// <summary><c>--songs N --artists N --requests N --warmup N --clients 1,4 --data DIR</c>; every one optional.</summary>
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Number(string name, int fallback) =>
            Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var songs = Number("songs", 1_000_000);
        var artists = Number("artists", 10_000);
        var clients = (Value("clients") ?? "1,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var data = Value("data") ?? Path.Combine(Path.GetTempPath(), "radio-bench", $"library-{songs}-{artists}-v1");
        return new BenchOptions(songs, artists, Number("requests", 400), Number("warmup", 50), clients, data);
    }
}
