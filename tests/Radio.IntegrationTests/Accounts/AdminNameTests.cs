using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Radio.IntegrationTests.Infrastructure;
using Radio.Web.Accounts;
using Radio.IntegrationTests.Operations;
using Serilog.Core;
using Serilog.Events;

namespace Radio.IntegrationTests.Accounts;

/// <summary>A restart of another server's data directory whose configured admin name is an existing account's.</summary>
public sealed class SquattedAdminApp(string dataDirectory, string adminName) : RadioApp(dataDirectory)
{
    public LogCollector Logs { get; } = new();

    protected override bool OwnsDataDirectory => false;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Admin:Username"] = adminName,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}

public sealed class AdminNameTests
{
    [Fact]
    public async Task An_admin_name_held_by_a_listener_is_a_logged_start_up_error_and_never_an_admin()
    {
        using var first = new RadioApp();
        var squatter = await first.CreateClient().RegisterAsync();

        using var restarted = new SquattedAdminApp(first.DataDirectory, squatter.User.Username.ToUpperInvariant());
        var login = await restarted.CreateClient().PostAsJsonAsync(
            "/auth/login", new { username = squatter.User.Username, password = RadioApp.AdminPassword }, Api.Json);

        await login.ShouldBeProblemAsync(401);
        var error = restarted.Logs.Events.Should()
            .ContainSingle(e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.Contains("Radio:Admin:Username")).Subject;
        error.RenderMessage(CultureInfo.InvariantCulture).Should().Contain(squatter.User.Username.ToUpperInvariant()).And.NotContain(RadioApp.AdminPassword);
        var me = await restarted.CreateClient(squatter.Token).GetFromJsonAsync<UserResponse>("/users/me", Api.Json);
        me!.Role.Should().Be("user");
    }
}
