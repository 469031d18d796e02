using Radio.Infrastructure.Instances;
using Radio.Infrastructure.Relay;
using Radio.TestData.Engines;
using StackExchange.Redis;

namespace Radio.IntegrationTests.Relay;

public sealed class RelayLeaseTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly ConnectionMultiplexer _connection;

    public RelayLeaseTests() => _connection = ConnectionMultiplexer.Connect(_redis.ConnectionString);

    [Fact]
    public async Task One_instance_holds_the_lease_at_a_time_and_a_release_passes_it_on()
    {
        var first = new RelayLease(_connection, new InstanceId());
        var second = new RelayLease(_connection, new InstanceId());

        (await first.TryHoldAsync()).Should().BeTrue();
        (await second.TryHoldAsync()).Should().BeFalse("the first holds it");
        (await first.TryHoldAsync()).Should().BeTrue("the holder renews it");
        await second.ReleaseAsync(); // not its lease: nothing happens
        (await second.TryHoldAsync()).Should().BeFalse();

        await first.ReleaseAsync();
        (await second.TryHoldAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_loses_the_lease_when_it_runs_out()
    {
        var dead = new RelayLease(_connection, new InstanceId());
        var other = new RelayLease(_connection, new InstanceId());
        (await dead.TryHoldAsync()).Should().BeTrue();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await other.TryHoldAsync())
        {
            await Task.Delay(200);
        }

        waited.Elapsed.Should().BeLessThan(RelayLease.TimeToLive + TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _redis.Dispose();
    }
}
