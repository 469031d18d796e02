using System.Globalization;

namespace Radio.Bench.Library;

internal sealed record BenchOptions(int Songs, int Artists, int Requests, int Warmup, int[] Clients, string DataDirectory)
{
    /// <summary><c>--songs N --artists N --requests N --warmup N --clients 1,4 --data DIR</c>; every one optional.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var arguments = new BenchArguments(args);
        var songs = arguments.Number("songs", 1_000_000);
        var artists = arguments.Number("artists", 10_000);
        var clients = (arguments.Value("clients") ?? "1,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var data = arguments.Value("data") ?? Path.Combine(Path.GetTempPath(), "radio-bench", $"library-{songs}-{artists}-v1");
        return new BenchOptions(songs, artists, arguments.Number("requests", 400), arguments.Number("warmup", 50), clients, data);
    }
}
