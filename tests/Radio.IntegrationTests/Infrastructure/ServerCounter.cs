using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Radio.IntegrationTests.Infrastructure;

/// <summary>One server's counter (a <c>long</c> instrument), summed while this lives.</summary>
public sealed class ServerCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sum;

    public ServerCounter(IServiceProvider services, string instrumentName)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // other tests' servers publish the same instrument: only this server's counts
            if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _sum, value));
        _listener.Start();
    }

    public long Sum => Interlocked.Read(ref _sum);

    public void Dispose() => _listener.Dispose();
}
