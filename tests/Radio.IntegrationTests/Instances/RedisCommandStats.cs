using System.Globalization;
using Radio.TestData.Engines;
using StackExchange.Redis;

namespace Radio.IntegrationTests.Instances;

/// <summary>How often a private Redis ran each command so far (<c>INFO commandstats</c>; a script's own calls count).</summary>
internal static class RedisCommandStats
{
    public static async Task<Dictionary<string, long>> CallsAsync(RedisServer redis, params string[] commands)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var stats = (await admin.GetServers()[0].InfoAsync("commandstats")).SelectMany(g => g);
        return stats.Where(s => commands.Contains(s.Key["cmdstat_".Length..]))
            .ToDictionary(s => s.Key, s => long.Parse(s.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The scripts run so far, by text or by SHA1.</summary>
    public static async Task<long> ScriptCallsAsync(RedisServer redis) => (await CallsAsync(redis, "evalsha", "eval")).Values.Sum();
}
