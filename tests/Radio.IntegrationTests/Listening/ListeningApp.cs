using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Radio.Infrastructure.Persistence;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Listening;

namespace Radio.IntegrationTests.Listening;

/// <summary>A server whose clock the tests move, so heartbeats can be spread over minutes without waiting.</summary>
public class ListeningApp : RadioApp
{
    public static readonly DateTimeOffset Start = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Writes all pending credit now, as the flusher does at shutdown.</summary>
    public Task FlushEverythingAsync() => Services.GetRequiredService<ListenerTotals>().FlushAsync(everything: true, CancellationToken.None);

    /// <summary>Writes what is due now (threshold reached or session ended), as a flush tick does.</summary>
    public Task FlushDueAsync() => Services.GetRequiredService<ListenerTotals>().FlushAsync(everything: false, CancellationToken.None);

    /// <summary>The stored <c>total_listen_time</c>, straight from the database.</summary>
    public long StoredTotal(int userId)
    {
        using var scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RadioDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.TotalListenTime).Single();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // the token library checks lifetimes against the machine clock; tokens here are issued on the test clock
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                    (notBefore ?? DateTime.MinValue) <= Clock.GetUtcNow().UtcDateTime.AddSeconds(30)
                    && Clock.GetUtcNow().UtcDateTime < (expires ?? DateTime.MaxValue));
        });
    }
}

public static class HeartbeatApi
{
    public static Task<HttpResponseMessage> PostHeartbeatAsync(this HttpClient client, DateTimeOffset connectTime, double playedSeconds) =>
        client.PostAsJsonAsync("/api/heartbeat", new { connect_time = connectTime, played_seconds = playedSeconds }, Api.Json);

    public static async Task<HeartbeatResponse> HeartbeatAsync(this HttpClient client, DateTimeOffset connectTime, double playedSeconds)
    {
        var response = await client.PostHeartbeatAsync(connectTime, playedSeconds);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<HeartbeatResponse>())!;
    }
}
