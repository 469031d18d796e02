using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Radio.TestData.Engines;

namespace Radio.IntegrationTests.Relay;

/// <summary>
/// A player connected to the Icecast mount (not to Radio) with ICY metadata: it splits what arrives into audio and
/// metadata blocks, as a player does, and notes when each title first arrived.
/// </summary>
public sealed partial class IcecastListener : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private HttpResponseMessage? _response;
    private Stream? _body;
    private int _metaInt;

    public MemoryStream Audio { get; } = new();

    /// <summary>Every title block with a new title, with when it arrived.</summary>
    public List<(TimeSpan At, string Title)> Titles { get; } = [];

    /// <summary>Connects to the mount, retrying while it does not exist yet (the relay not yet connected).</summary>
    public static async Task<IcecastListener> ConnectAsync(IcecastServer icecast, TimeSpan within)
    {
        var listener = new IcecastListener();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(icecast.BaseAddress, IcecastServer.Mount));
            request.Headers.Add("Icy-MetaData", "1");
            var response = await listener._client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                listener._response = response;
                listener._metaInt = int.Parse(response.Headers.GetValues("icy-metaint").Single(), CultureInfo.InvariantCulture);
                listener._body = await response.Content.ReadAsStreamAsync();
                return listener;
            }

            response.Dispose();
            if (deadline.Elapsed > within)
            {
                listener.Dispose();
                throw new TimeoutException($"The Icecast mount was not there within {within}: {response.StatusCode}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The same reading of Radio's own stream (asked for with ICY metadata), to compare the two.</summary>
    public static async Task<IcecastListener> OfAsync(HttpResponseMessage response)
    {
        var listener = new IcecastListener { _response = response };
        listener._metaInt = int.Parse(response.Headers.GetValues("icy-metaint").Single(), CultureInfo.InvariantCulture);
        listener._body = await response.Content.ReadAsStreamAsync();
        return listener;
    }

    public string ContentType => _response!.Content.Headers.ContentType!.MediaType!;

    /// <summary>Reads audio and metadata for about <paramref name="duration"/> (to the end of the block arriving then).</summary>
    public async Task ReadForAsync(TimeSpan duration)
    {
        // no cancellation mid-read: that would close the connection, and a test may read on
        var until = _clock.Elapsed + duration;
        while (_clock.Elapsed < until)
        {
            var audio = new byte[_metaInt];
            await _body!.ReadExactlyAsync(audio).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Audio.Write(audio);
            var length = new byte[1];
            await _body.ReadExactlyAsync(length);
            if (length[0] == 0)
            {
                continue;
            }

            var block = new byte[length[0] * 16];
            await _body.ReadExactlyAsync(block);
            var match = StreamTitle().Match(Encoding.UTF8.GetString(block).TrimEnd('\0'));
            if (match.Success && (Titles.Count == 0 || Titles[^1].Title != match.Groups[1].Value))
            {
                Titles.Add((_clock.Elapsed, match.Groups[1].Value));
            }
        }
    }

    public void Dispose()
    {
        _body?.Dispose();
        _response?.Dispose();
        _client.Dispose();
    }

    [GeneratedRegex("^StreamTitle='(.*)';$")]
    private static partial Regex StreamTitle();
}
