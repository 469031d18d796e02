using System.Diagnostics;
using System.Diagnostics.Metrics;
using Radio.Application.Common;

namespace Radio.Infrastructure.Common;

/// <summary>
/// The instruments Infrastructure records on the <see cref="RadioMeter"/> meter: search latency, Redis and database errors, and the relay. Gauges read their values when a scrape asks.
/// </summary>
internal sealed class RadioMetrics
{
    private readonly Meter _meter;
    private readonly Histogram<double> _searchSeconds;
    private readonly Counter<long> _redisErrors;
    private readonly Counter<long> _databaseErrors;
    private readonly Counter<long> _relayBytes;
    private volatile bool _relayConnected;

    public RadioMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(RadioMeter.Name);
        _searchSeconds = _meter.CreateHistogram<double>("radio.search.duration", "s", "Time to answer a search of the library",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1] });
        _redisErrors = _meter.CreateCounter<long>("radio.redis.errors", "{error}", "Redis connection failures and errors");
        _databaseErrors = _meter.CreateCounter<long>("radio.database.errors", "{error}", "Database commands that failed");
        _relayBytes = _meter.CreateCounter<long>("radio.relay.sent", "By", "Audio bytes sent to the Icecast relay");
        _meter.CreateObservableGauge("radio.relay.connected", () => _relayConnected ? 1 : 0, "{connection}",
            "1 while this instance is connected to Icecast as the relay's source");
    }

    public bool RelayConnected
    {
        get => _relayConnected;
        set => _relayConnected = value;
    }

    /// <summary>Adds a gauge read at each scrape.</summary>
    public void Observe(string name, Func<long> read, string unit, string description) =>
        _meter.CreateObservableGauge(name, read, unit, description);

    public void RelayBytesSent(int count) => _relayBytes.Add(count);

    public void RedisError() => _redisErrors.Add(1);

    public void DatabaseError() => _databaseErrors.Add(1);

    /// <summary>Times one search; <paramref name="kind"/> is <c>text</c> or <c>vibe</c>.</summary>
    public void Searched(string kind, long startedTimestamp) =>
        _searchSeconds.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
}
