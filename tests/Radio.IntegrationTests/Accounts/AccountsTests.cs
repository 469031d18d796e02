using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Radio.Infrastructure.Accounts;
using Radio.IntegrationTests.Infrastructure;
using Radio.IntegrationTests.Persistence;
using Radio.Web.Accounts;

namespace Radio.IntegrationTests.Accounts;

public abstract class AccountsTests(RadioApp app)
{
    public sealed class OnSqlite(RadioApp app) : AccountsTests(app), IClassFixture<RadioApp>;

    public sealed class OnPostgreSql(PostgresRadioApp app) : AccountsTests(app), IClassFixture<PostgresRadioApp>;

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Register_creates_a_user_and_returns_a_working_token()
    {
        var name = Api.UniqueName();

        var response = await _client.PostAsJsonAsync("/auth/register", new { username = name, password = "password123" }, Api.Json);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var auth = (await response.ReadAsync<AuthResponse>())!;
        auth.User.Username.Should().Be(name);
        auth.User.Role.Should().Be("user");
        auth.User.TotalListenTime.Should().Be(0);
        auth.User.ArtistId.Should().BeNull();
        auth.ExpiresAt.Should().BeAfter(DateTimeOffset.UnixEpoch);
        var me = await app.CreateClient(auth.Token).GetFromJsonAsync<UserResponse>("/users/me", Api.Json);
        me.Should().BeEquivalentTo(auth.User);
    }

    [Fact]
    public async Task Timestamps_are_utc_with_a_z()
    {
        var response = await _client.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = "password123" }, Api.Json);

        var body = await response.Content.ReadAsStringAsync();
        body.Should().MatchRegex("\"expires_at\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\"");
    }

    [Fact]
    public async Task Register_with_an_artist_name_creates_a_linked_artist()
    {
        var auth = await _client.RegisterAsync(artistName: "The Band");

        auth.User.Role.Should().Be("artist");
        auth.User.ArtistId.Should().NotBeNull();
    }

    [Fact]
    public async Task A_username_taken_in_another_case_is_a_conflict()
    {
        var name = Api.UniqueName("Case");
        await _client.RegisterAsync(name);

        var response = await _client.PostAsJsonAsync("/auth/register", new { username = name.ToUpperInvariant(), password = "password123" }, Api.Json);

        await response.ShouldBeProblemAsync(409);
    }

    [Fact]
    public async Task Registrations_of_one_name_in_several_cases_at_once_make_one_account_and_409s()
    {
        var name = Api.UniqueName("Race");
        var spellings = new[] { name, name.ToUpperInvariant(), name.ToLowerInvariant(), name, name.ToUpperInvariant(), name.ToLowerInvariant() };

        var responses = await Task.WhenAll(spellings.Select(n =>
            app.CreateClient().PostAsJsonAsync("/auth/register", new { username = n, password = "password123" }, Api.Json)));

        responses.Select(r => (int)r.StatusCode).Order().Should().Equal(
            [201, 409, 409, 409, 409, 409], "the unique index decides a race the check before the insert cannot");
    }

    [Theory]
    [InlineData("ab", "password123", "username")]
    [InlineData("bad name!", "password123", "username")]
    [InlineData("a234567890123456789012345678901234", "password123", "username")]
    [InlineData("goodname", "short", "password")]
    [InlineData("", "password123", "username")]
    [InlineData("good_name\n", "password123", "username")]
    [InlineData("a23456789012345678901234567890123", "password123", "username")]
    [InlineData("goodname", "1234567", "password")]
    public async Task Bad_usernames_and_passwords_are_400_with_errors(string username, string password, string field)
    {
        var response = await _client.PostAsJsonAsync("/auth/register", new { username, password }, Api.Json);

        var problem = await response.ShouldBeProblemAsync(400);
        problem.Errors.Should().ContainKey(field);
    }

    [Theory]
    [InlineData("x.y", 8)]
    [InlineData("a.b-c_D.901234567890123456789012", 128)]
    public async Task Names_and_passwords_at_the_edges_of_the_rules_are_accepted(string username, int passwordLength)
    {
        var response = await _client.PostAsJsonAsync(
            "/auth/register", new { username, password = new string('p', passwordLength) }, Api.Json);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_password_over_128_characters_is_400()
    {
        var response = await _client.PostAsJsonAsync("/auth/register", new { username = Api.UniqueName(), password = new string('x', 129) }, Api.Json);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("password");
    }

    [Fact]
    public async Task A_login_password_over_128_characters_is_400_even_for_an_existing_user()
    {
        var name = Api.UniqueName();
        await _client.RegisterAsync(name, "password123");

        var response = await _client.PostAsJsonAsync("/auth/login", new { username = name, password = new string('x', 129) }, Api.Json);

        (await response.ShouldBeProblemAsync(400)).Errors.Should().ContainKey("password");
    }

    [Fact]
    public async Task A_rejected_registration_stores_nothing()
    {
        var name = Api.UniqueName();
        await _client.PostAsJsonAsync("/auth/register", new { username = name, password = "short" }, Api.Json);

        var login = await _client.PostAsJsonAsync("/auth/login", new { username = name, password = "short" }, Api.Json);

        await login.ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Login_returns_a_token_for_the_right_password_ignoring_name_case()
    {
        var name = Api.UniqueName();
        var registered = await _client.RegisterAsync(name, "password123");

        var auth = await _client.LoginAsync(name.ToUpperInvariant(), "password123");

        auth.User.Id.Should().Be(registered.User.Id);
        (await app.CreateClient(auth.Token).GetAsync("/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var name = Api.UniqueName();
        await _client.RegisterAsync(name, "password123");

        var wrongPassword = await _client.PostAsJsonAsync("/auth/login", new { username = name, password = "password999" }, Api.Json);
        var unknownUser = await _client.PostAsJsonAsync("/auth/login", new { username = Api.UniqueName(), password = "password123" }, Api.Json);

        var first = await wrongPassword.ShouldBeProblemAsync(401);
        var second = await unknownUser.ShouldBeProblemAsync(401);
        first.Detail.Should().Be(second.Detail);
        first.Title.Should().Be(second.Title);
    }

    [Fact]
    public async Task The_configured_admin_exists_at_start_up()
    {
        var auth = await _client.LoginAsync(RadioApp.AdminUsername, RadioApp.AdminPassword);

        auth.User.Role.Should().Be("admin");
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        await (await _client.GetAsync("/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Me_with_a_tampered_token_is_401()
    {
        var auth = await _client.RegisterAsync();
        var parts = auth.Token.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(claims)}.{parts[2]}";

        await (await app.CreateClient(tampered).GetAsync("/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Me_with_an_expired_token_is_401()
    {
        var auth = await _client.RegisterAsync();
        var key = app.Services.GetRequiredService<SigningKeys>().Key;
        var past = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-2);
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SigningKeys.Issuer,
            Audience = SigningKeys.Audience,
            IssuedAt = past,
            NotBefore = past,
            Expires = past.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = auth.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "user", ["name"] = auth.User.Username },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        await (await app.CreateClient(expired).GetAsync("/users/me")).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Anonymous_tokens_carry_a_generated_name_and_are_not_accounts()
    {
        var response = await _client.PostAsync("/auth/anonymous", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var anonymous = (await response.ReadAsync<AnonymousResponse>())!;
        anonymous.Username.Should().MatchRegex("^Listener_\\d{4}$");
        await (await app.CreateClient(anonymous.Token).GetAsync("/users/me")).ShouldBeProblemAsync(403);
    }
}

public sealed class SigningKeyTests
{
    [Fact]
    public async Task Tokens_survive_a_restart_with_the_generated_key()
    {
        using var first = new RadioApp();
        var auth = await first.CreateClient().RegisterAsync();

        using var restarted = new RestartedRadioApp(first.DataDirectory);
        var response = await restarted.CreateClient(auth.Token).GetAsync("/users/me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(Path.Combine(first.DataDirectory, "signing-key")).Should().BeTrue();
    }

    [Fact, UnsupportedOSPlatform("windows")]
    public async Task The_generated_key_file_is_readable_by_its_owner_only()
    {
        using var app = new RadioApp();
        await app.CreateClient().RegisterAsync();

        var mode = File.GetUnixFileMode(Path.Combine(app.DataDirectory, "signing-key"));

        mode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
