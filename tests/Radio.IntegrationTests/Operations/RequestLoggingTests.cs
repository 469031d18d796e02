using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace Radio.IntegrationTests.Operations;

/// <summary>Collects every Serilog event the server writes.</summary>
public sealed class LogCollector : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}

public sealed class LoggedApp : RadioApp
{
    public LogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Serilog:MinimumLevel:Default"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}

public sealed class RequestLoggingTests(LoggedApp app) : IClassFixture<LoggedApp>
{
    [Fact]
    public async Task Each_request_is_one_structured_event_without_passwords_or_tokens()
    {
        const string password = "Very-Secret-Password-42";
        var auth = await app.CreateClient().RegisterAsync(password: password);
        await app.CreateClient(auth.Token).GetAsync("/users/me");

        // the request event is written as the response completes, which may be just after the client has it
        // other events during the request carry its RequestPath too (the request's log scope); the request event has its status
        var me = await EventuallyAsync(() => app.Logs.Events.SingleOrDefault(e =>
            e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/users/me\""
            && e.Properties.ContainsKey("StatusCode")));

        me.Properties["RequestMethod"].ToString().Should().Be("\"GET\"");
        me.Properties["StatusCode"].ToString().Should().Be("200");
        me.Properties.Should().ContainKey("Elapsed");
        me.Properties["UserId"].ToString().Should().Be(auth.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var logEvent in app.Logs.Events)
        {
            var text = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)
                + string.Join(' ', logEvent.Properties.Values.Select(v => v.ToString()));
            text.Should().NotContain(password).And.NotContain(auth.Token);
        }
    }

    private static async Task<LogEvent> EventuallyAsync(Func<LogEvent?> find)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("The request was never logged.");
    }
}
