// Connects N concurrent stream listeners to Radio and to Icecast 2 (fed the same MP3 by ezstream) on loopback,
// and reports, for each server process: CPU seconds per listener-minute, resident memory per listener, and every
// listener's received bitrate. Run through bench/stream.sh (it raises the open-file limit and builds in Release).
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Radio.Domain.Library;
using Radio.Infrastructure.Persistence;
using Radio.TestData;

var listeners = IntArg("--listeners", 2000);
var seconds = IntArg("--seconds", 60);
var skipIcecast = args.Contains("--skip-icecast");
var relay = args.Contains("--relay"); // also: Icecast with Radio as its source (Radio:Relay:Url), and Radio's CPU for it
var repo = Path.GetFullPath(StringArg("--repo", "."));
const int Kbps = 128;

var work = Directory.CreateTempSubdirectory("radio-bench-");
var song = Path.Combine(work.FullName, "song.mp3");
await File.WriteAllBytesAsync(song, Mp3Writer.Cbr(120, Kbps));
Console.WriteLine(Invariant($"{listeners} listeners, {seconds} s measured per server, a {Kbps} kbit/s CBR MP3 of 120 s, work dir {work.FullName}"));

var eventClients = IntArg("--events", 0);
if (eventClients > 0)
{
    await RunEventsAsync();
    return;
}

var results = new List<Result>();
try
{
    results.Add(await RunRadioAsync());
    if (!skipIcecast)
    {
        results.Add(await RunIcecastAsync());
    }

    if (relay)
    {
        results.Add(await RunRelayAsync());
    }
}
finally
{
    Console.WriteLine();
    Console.WriteLine("| server | listeners | CPU s per listener-minute | RSS per listener, warm (KiB) | from cold start (KiB) | RSS cold → idle → loaded (MiB; idle, loaded: averages) | bitrate min / median / max (kbit/s) | within 5% | dropped |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var r in results)
    {
        Console.WriteLine(r.Row());
    }
}

async Task<Result> RunRadioAsync() => await WithRadioAsync(5080, [], AddSongAsync, (pid, _) => MeasureAsync("Radio", pid, 5080, "/radio/stream"));

// Icecast fed by Radio's relay instead of ezstream: the same Icecast configuration, the same listeners
async Task<Result> RunRelayAsync()
{
    var (config, _) = await IcecastConfigAsync("relay", 8002);
    using var icecast = Start(new ProcessStartInfo("icecast2", ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true }, "icecast");
    try
    {
        await WaitForAsync("http://127.0.0.1:8002/status-json.xsl");
        return await WithRadioAsync(5081, new() { ["Radio__Relay__Url"] = "http://source:bench@127.0.0.1:8002/stream" }, AddSongAsync, async (pid, _) =>
        {
            await WaitForAsync("http://127.0.0.1:8002/stream", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(5)); // let Icecast fill its burst buffer
            var (cpu0, clock0) = (CpuSeconds(pid), Stopwatch.GetTimestamp());
            var result = await MeasureAsync("Icecast 2.4 (Radio relay)", icecast.Id, 8002, "/stream");
            var radioCpu = (CpuSeconds(pid) - cpu0) / (Stopwatch.GetElapsedTime(clock0).TotalSeconds / 60);
            Console.WriteLine(Invariant($"Radio as the relay's source (no listeners of its own): {radioCpu:F3} CPU s per minute"));
            return result;
        });
    }
    finally
    {
        icecast.Kill(entireProcessTree: true);
    }
}

async Task<T> WithRadioAsync<T>(int port, Dictionary<string, string> environment, Func<string, Task> addSongs, Func<int, string, Task<T>> measure)
{
    var data = Directory.CreateDirectory(Path.Combine(work.FullName, Invariant($"radio-{port}-{Guid.NewGuid():N}"))).FullName;
    var dll = Path.Combine(repo, "src/Radio.Web/bin/Release/net10.0/Radio.Web.dll");
    var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
    start.Environment["ASPNETCORE_URLS"] = Invariant($"http://127.0.0.1:{port}");
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["Radio__DataDirectory"] = data;
    start.Environment["Radio__Admin__Username"] = "admin";
    start.Environment["Radio__Admin__Password"] = "bench-password";
    start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
    // delivery, not rendering, is measured: the bench's song already has the station's format, so it plays as uploaded
    start.Environment["Radio__Station__Ffmpeg"] = Path.Combine(work.FullName, "no-ffmpeg");
    // every bench client comes from 127.0.0.1: the per-address cap (16) would turn all but 16 away
    start.Environment["Radio__Station__MaxListeners"] = "1000000";
    start.Environment["Radio__Station__MaxListenersPerAddress"] = "1000000";
    start.Environment["Radio__Events__MaxClients"] = "1000000";
    start.Environment["Radio__Events__MaxClientsPerAddress"] = "1000000";
    foreach (var setting in args.Where(a => a.StartsWith("--radio-env=", StringComparison.Ordinal)))
    {
        var (key, value) = (setting["--radio-env=".Length..].Split('=', 2)[0], setting.Split('=', 3)[2]);
        start.Environment[key] = value;
    }

    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    using var server = Start(start, "radio");
    try
    {
        await WaitForAsync(Invariant($"http://127.0.0.1:{port}/health/ready"));
        await addSongs(data);
        await WaitForAsync(Invariant($"http://127.0.0.1:{port}/radio/stream"), TimeSpan.FromSeconds(30));
        return await measure(server.Id, data);
    }
    finally
    {
        server.Kill(entireProcessTree: true);
    }
}

async Task<(string Config, string Dir)> IcecastConfigAsync(string name, int port)
{
    var dir = Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;
    Directory.CreateDirectory(Path.Combine(dir, "log"));
    var config = Path.Combine(dir, "icecast.xml");
    await File.WriteAllTextAsync(config, Invariant($"""
        <icecast>
          <limits><clients>{listeners + 100}</clients><sources>2</sources></limits>
          <authentication><source-password>bench</source-password><admin-user>admin</admin-user><admin-password>bench</admin-password></authentication>
          <hostname>127.0.0.1</hostname>
          <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
          <fileserve>0</fileserve>
          <paths><basedir>/usr/share/icecast2</basedir><logdir>{dir}/log</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
          <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
          <security><chroot>0</chroot><changeowner><user>icecast2</user><group>icecast</group></changeowner></security>
        </icecast>
        """));
    Run("chown", "-R", "icecast2:icecast", dir);
    return (config, dir);
}

async Task<Result> RunIcecastAsync()
{
    var (config, dir) = await IcecastConfigAsync("icecast", 8001);
    var ezstream = Path.Combine(dir, "ezstream.xml");
    await File.WriteAllTextAsync(ezstream, $"""
        <ezstream>
          <servers><server><protocol>HTTP</protocol><hostname>127.0.0.1</hostname><port>8001</port><password>bench</password></server></servers>
          <streams><stream><mountpoint>/stream</mountpoint><format>MP3</format><stream_name>Radio</stream_name></stream></streams>
          <intakes><intake><type>file</type><filename>{song}</filename><stream_once>No</stream_once></intake></intakes>
        </ezstream>
        """);
    Run("chmod", "600", ezstream); // ezstream refuses a configuration others can read
    Run("chown", "-R", "icecast2:icecast", dir);
    Run("chmod", "a+rx", work.FullName);
    Run("chmod", "a+r", song);

    using var icecast = Start(new ProcessStartInfo("icecast2", ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true }, "icecast");
    Process? source = null;
    try
    {
        await WaitForAsync("http://127.0.0.1:8001/status-json.xsl");
        source = Start(new ProcessStartInfo("ezstream", ["-c", ezstream]) { RedirectStandardOutput = true, RedirectStandardError = true }, "ezstream");
        await WaitForAsync("http://127.0.0.1:8001/stream", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(5)); // let Icecast fill its burst buffer, as Radio's has been
        return await MeasureAsync("Icecast 2.4", icecast.Id, 8001, "/stream");
    }
    finally
    {
        source?.Kill(entireProcessTree: true);
        source?.Dispose();
        icecast.Kill(entireProcessTree: true);
    }
}

// --events N: N /radio/events clients on a station of 15 s songs (a change every 15 s), after the stream's
// per-listener figures for the same listeners count in the same run
async Task RunEventsAsync()
{
    var stream = await WithRadioAsync(5080, [], data => AddSongsAsync(data, 15, 3), (pid, _) => MeasureAsync("Radio", pid, 5080, "/radio/stream"));
    var events = await WithRadioAsync(5080, [], data => AddSongsAsync(data, 15, 3), (pid, _) => MeasureEventsAsync(pid));
    Console.WriteLine();
    Console.WriteLine(stream.Row());
    Console.WriteLine("| clients | CPU s per client-minute | RSS per client, warm (KiB) | song changes seen per client | each change within 1 s | delay p50 / p99 / max (s) | dropped |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Console.WriteLine(events);
    Console.WriteLine(Invariant(
        $"stream listener, same run: {stream.CpuPerListenerMinute:F5} CPU s per listener-minute, {stream.RssPerListenerKiB:F1} KiB; events / stream: CPU {events.Cpu / stream.CpuPerListenerMinute:F2}x, RSS {events.Rss / stream.RssPerListenerKiB:F2}x (target <= 2x)"));
}

async Task<EventsResult> MeasureEventsAsync(int pid)
{
    var idleRss = await SteadyRssAsync(pid);
    Console.WriteLine(Invariant($"events: warm idle RSS {idleRss / 1024.0:F1} MiB; connecting {eventClients} clients"));
    var clients = new EventsClient[eventClients];
    using var stop = new CancellationTokenSource();
    var tasks = new List<Task>();
    for (var i = 0; i < eventClients; i++)
    {
        clients[i] = new EventsClient();
        tasks.Add(clients[i].RunAsync(5080, stop.Token));
        if (i % 50 == 49)
        {
            await Task.Delay(25);
        }
    }

    await Task.Delay(TimeSpan.FromSeconds(10));
    var (cpu0, clock0) = (CpuSeconds(pid), Stopwatch.GetTimestamp());
    var before = clients.Select(c => c.ChangeDelays.Count).ToArray();
    Console.WriteLine(Invariant($"events: {clients.Count(c => c.Connected)} connected; measuring {seconds} s"));
    var loadedSamples = new List<long>();
    for (var sampled = Stopwatch.StartNew(); sampled.Elapsed < TimeSpan.FromSeconds(seconds);)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, Math.Max(0.1, seconds - sampled.Elapsed.TotalSeconds))));
        loadedSamples.Add(RssKiB(pid));
    }

    var (cpu1, elapsed) = (CpuSeconds(pid), Stopwatch.GetElapsedTime(clock0).TotalSeconds);
    var seen = clients.Select((c, i) => c.ChangeDelays.Skip(before[i]).ToArray()).ToArray();
    var delays = seen.SelectMany(d => d).Order().ToArray();
    var dropped = clients.Count(c => c.Ended);
    await stop.CancelAsync();
    await Task.WhenAll(tasks);
    return new EventsResult(eventClients, (cpu1 - cpu0) / (eventClients * elapsed / 60), ((long)loadedSamples.Average() - idleRss) / (double)eventClients,
        seen.Average(d => d.Length), seen.Count(d => d.Length > 0 && d.All(x => x <= 1)),
        delays.Length == 0 ? 0 : delays[delays.Length / 2], delays.Length == 0 ? 0 : delays[(int)(delays.Length * 0.99)], delays.Length == 0 ? 0 : delays[^1], dropped);
}

async Task AddSongsAsync(string data, int songSeconds, int count)
{
    var file = Path.Combine(work.FullName, $"song-{songSeconds}.mp3");
    await File.WriteAllBytesAsync(file, Mp3Writer.Cbr(songSeconds, Kbps));
    var options = new DbContextOptionsBuilder<SqliteRadioDbContext>()
        .UseSqlite($"Data Source={Path.Combine(data, "radio.db")}")
        .UseSnakeCaseNamingConvention()
        .Options;
    await using var db = new SqliteRadioDbContext(options);
    var now = TimeProvider.System.GetUtcNow();
    var admin = await db.Users.SingleAsync(u => u.Username == "admin");
    var artist = Artist.Create("Bench Artist", now);
    db.Artists.Add(artist);
    await db.SaveChangesAsync();
    for (var i = 0; i < count; i++)
    {
        var key = Invariant($"bench-{i}.mp3");
        File.Copy(file, Path.Combine(data, "media", key));
        db.Songs.Add(Song.Create(Invariant($"Bench Song {i}"), [artist.Id], null, Mp3Writer.FramesFor(songSeconds) * 1152 / 44100.0, key,
            new FileInfo(file).Length, admin.Id, now));
    }

    await db.SaveChangesAsync();
}

async Task AddSongAsync(string data)
{
    var options = new DbContextOptionsBuilder<SqliteRadioDbContext>()
        .UseSqlite($"Data Source={Path.Combine(data, "radio.db")}")
        .UseSnakeCaseNamingConvention()
        .Options;
    await using var db = new SqliteRadioDbContext(options);
    var now = TimeProvider.System.GetUtcNow();
    var admin = await db.Users.SingleAsync(u => u.Username == "admin");
    var artist = Artist.Create("Bench Artist", now);
    db.Artists.Add(artist);
    await db.SaveChangesAsync();
    File.Copy(song, Path.Combine(data, "media", "bench.mp3"));
    db.Songs.Add(Song.Create("Bench Song", [artist.Id], null, Mp3Writer.FramesFor(120) * 1152 / 44100.0, "bench.mp3",
        new FileInfo(song).Length, admin.Id, now));
    await db.SaveChangesAsync();
}

async Task<Result> MeasureAsync(string name, int pid, int port, string path)
{
    // A warm-up, the same for both servers: a tenth of the listeners for 10 s, then gone, then idle until the RSS stops
    // growing. A server that has run a while has compiled its code paths, sized its buffers and (.NET) used its whole
    // gen0 allocation budget, which an idle Radio reaches within a few minutes; the idle figure is taken after that,
    // so that what the full load adds is what the listeners cost. The figure from the cold start is reported too.
    var coldRss = RssKiB(pid);
    var warmUp = Math.Max(1, listeners / 10);
    Console.WriteLine(Invariant($"{name}: pid {pid}, cold idle RSS {coldRss / 1024.0:F1} MiB; warming up with {warmUp} listeners for 10 s"));
    using (var warmStop = new CancellationTokenSource())
    {
        var warm = Enumerable.Range(0, warmUp).Select(_ => new Listener().RunAsync(port, path, warmStop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await warmStop.CancelAsync();
        await Task.WhenAll(warm);
    }

    var idleRss = await SteadyRssAsync(pid);
    Console.WriteLine(Invariant($"{name}: warm idle RSS {idleRss / 1024.0:F1} MiB; connecting {listeners} listeners"));
    var clients = new Listener[listeners];
    using var stop = new CancellationTokenSource();
    var tasks = new List<Task>();
    for (var i = 0; i < listeners; i++)
    {
        clients[i] = new Listener();
        tasks.Add(clients[i].RunAsync(port, path, stop.Token));
        if (i % 20 == 19)
        {
            await Task.Delay(50); // ~400 connections a second: gentle on Icecast's short listen queue
        }
    }

    await Task.Delay(TimeSpan.FromSeconds(10)); // everyone connected, bursts delivered
    var connected = clients.Count(c => c.Connected);
    var (cpu0, clock0) = (CpuSeconds(pid), Stopwatch.GetTimestamp());
    var bytes0 = clients.Select(c => c.Bytes).ToArray();
    Console.WriteLine(Invariant($"{name}: {connected} connected; measuring {seconds} s"));
    // RSS moves by several MiB as the GC takes and returns memory: average it over the run, sampled every 5 s
    var loadedSamples = new List<long>();
    for (var sampled = Stopwatch.StartNew(); sampled.Elapsed < TimeSpan.FromSeconds(seconds);)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, Math.Max(0.1, seconds - sampled.Elapsed.TotalSeconds))));
        loadedSamples.Add(RssKiB(pid));
    }

    var (cpu1, elapsed) = (CpuSeconds(pid), Stopwatch.GetElapsedTime(clock0).TotalSeconds);
    var rss = (long)loadedSamples.Average();
    var kbps = clients.Select((c, i) => (c.Bytes - bytes0[i]) * 8 / elapsed / 1000).Order().ToArray();
    var dropped = clients.Count(c => c.Ended);
    await stop.CancelAsync();
    await Task.WhenAll(tasks);

    return new Result(name, listeners, (cpu1 - cpu0) / (listeners * elapsed / 60), (rss - idleRss) / (double)listeners,
        (rss - coldRss) / (double)listeners, coldRss / 1024.0, idleRss / 1024.0, rss / 1024.0, kbps[0], kbps[kbps.Length / 2], kbps[^1],
        kbps.Count(k => Math.Abs(k - Kbps) <= Kbps * 0.05), dropped);
}

// Idle RSS once it has stopped climbing (no new high by more than 1% over 30 s, sampled every 5 s; at most 5
// minutes), averaged over those last 30 s like the loaded figure.
static async Task<long> SteadyRssAsync(int pid)
{
    var samples = new List<long> { RssKiB(pid) };
    var waited = Stopwatch.StartNew();
    while (waited.Elapsed < TimeSpan.FromMinutes(5)
           && (samples.Count < 7 || samples[^6..].Max() > samples[..^6].Max() * 1.01))
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        samples.Add(RssKiB(pid));
    }

    var idle = (long)samples[^7..].Average();
    Console.WriteLine(Invariant($"  idle RSS steady after {waited.Elapsed.TotalSeconds:F0} s (average of the last 7 samples {idle / 1024.0:F1} MiB): {string.Join(" ", samples.Select(k => (k / 1024.0).ToString("F1", CultureInfo.InvariantCulture)))} MiB"));
    return idle;
}

static double CpuSeconds(int pid)
{
    // fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name: user and system clock ticks
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return ticks / 100.0; // USER_HZ is 100 on Linux
}

static long RssKiB(int pid) => long.Parse(
    File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

static async Task WaitForAsync(string url, TimeSpan? timeout = null)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        await Task.Delay(250);
    }

    throw new TimeoutException($"{url} did not answer 200 in time.");
}

static Process Start(ProcessStartInfo start, string name)
{
    var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (!string.IsNullOrEmpty(e.Data))
        {
            Console.Error.WriteLine($"[{name}] {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static void Run(string file, params string[] arguments)
{
    using var process = Process.Start(file, arguments);
    process.WaitForExit();
}

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string StringArg(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
