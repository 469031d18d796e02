using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Radio.Domain.Accounts;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.IntegrationTests.Operations;

/// <summary>A store that fails the way a broken disk or database does, with internals in its message.</summary>
public sealed class BrokenStoreApp : RadioApp
{
    public const string Secret = "/var/secret/path.db: SQL logic error near SELECT";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var accounts = Substitute.For<IUserAccounts>();
            accounts.FindAsync(Arg.Any<int>(), Arg.Any<CancellationToken>())
                .Returns<Task<User?>>(_ => throw new InvalidOperationException(Secret));
            services.AddScoped(_ => accounts);
        });
    }
}

public sealed class FailureTests(BrokenStoreApp app) : IClassFixture<BrokenStoreApp>
{
    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_without_internals()
    {
        var tokens = app.Services.GetRequiredService<ITokenIssuer>();
        var token = tokens.IssueFor(User.CreateListener("ghost", TimeProvider.System.GetUtcNow())).Token;

        var response = await app.CreateClient(token).GetAsync("/users/me");

        await response.ShouldBeProblemAsync(500);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("secret").And.NotContain("SQL").And.NotContain("   at ");
    }
}

public sealed class UnreachableDatabaseApp : RadioApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Radio:Database:MigrateOnStartup"] = "false",
        ["Radio:Admin:Username"] = "",
        ["ConnectionStrings:Radio"] = "Data Source=" + Path.Combine(Path.GetTempPath(), "radio-missing-" + Guid.NewGuid().ToString("N"), "radio.db") + ";Mode=ReadOnly",
    };
}

public sealed class ReadinessTests(UnreachableDatabaseApp app) : IClassFixture<UnreachableDatabaseApp>
{
    [Fact]
    public async Task Ready_is_503_when_the_database_is_unreachable_while_live_stays_200()
    {
        var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        ((int)ready.StatusCode).Should().Be(503);
        ((int)live.StatusCode).Should().Be(200);
    }
}
