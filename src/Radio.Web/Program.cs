using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.IdentityModel.Tokens;
using Radio.Application.Accounts;
using Radio.Application.Common;
using Radio.Infrastructure;
using Radio.Infrastructure.Accounts;
using Radio.Infrastructure.Persistence;
using Radio.Web.Common;
using Radio.Web.Events;
using Radio.Web.Library;
using Radio.Web.Player;
using Radio.Web.Station;
using Radio.Web.Statistics;
using Scalar.AspNetCore;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// preserveStaticLogger: each host (several run in one test process) keeps its own logger instead of sharing Log.Logger
builder.Services.AddSerilog(
    (services, log) => log
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext()
        .Filter.ByExcluding(EntityFrameworkLogs.IsLostRace),
    preserveStaticLogger: true);

builder.Services.AddControllers(o =>
    {
        // model-binding errors are keyed by the snake_case names clients send
        o.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider(JsonNamingPolicy.SnakeCaseLower));
        o.Filters.Add(new RequestSizeLimitAttribute(BodyLimits.Json)); // an action's own limit overrides it
        o.OutputFormatters.Add(new StatsCsvFormatter()); // Accept: text/csv on the station statistics
    })
    .AddJsonOptions(o =>
    {
        o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.JsonSerializerOptions.Converters.Add(new UtcTimestampConverter());
        o.AllowInputFormatterExceptionMessages = false; // malformed JSON must not echo C# type names
    });
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
    c.ProblemDetails.Detail ??= ProblemDefaults.DetailFor(c.ProblemDetails.Status));
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>().AddOperationTransformer<SongUploadOpenApi>());
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped; // handlers reach a scoped DbContext
    options.Assemblies = [typeof(Register)];
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<RegisterValidator>(ServiceLifetime.Singleton);
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddSongUploads(builder.Configuration);
builder.Services.AddStationStreaming();
builder.Services.AddLiveEvents(builder.Configuration);

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
    .Configure<SigningKeys, TimeProvider>((o, keys, clock) =>
    {
        o.MapInboundClaims = false;
        o.TimeProvider = clock;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = SigningKeys.Issuer,
            ValidAudience = SigningKeys.Audience,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = "name",
            RoleClaimType = "role",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    });
builder.Services.AddAuthorization();
builder.Services.AddRadioRateLimits(builder.Configuration);
builder.Services.AddSingleton<ReverseProxies>();
builder.Services.AddRadioCors(builder.Configuration);
builder.Services.AddRadioMetrics(builder.Configuration);

var app = builder.Build();

// ahead of routing, which runs the short-circuited stream: it too sees the client behind a proxy, and nosniff
if (app.Services.GetRequiredService<ReverseProxies>().Options is { } forwarded)
{
    app.UseForwardedHeaders(forwarded);
}

app.UseNoSniff();
app.UseRouting();
app.UseHeartbeatOutcomes();
app.UseSerilogRequestLogging(o =>
{
    o.Logger = app.Services.GetRequiredService<Serilog.ILogger>(); // this host's logger, not the static one
    o.EnrichDiagnosticContext = (diag, http) => diag.Set("UserId", http.User.UserId());
});
app.UseExceptionHandler();
app.UseStatusCodePages(); // unknown routes, 405s and bare 401s become problem documents too
if (CrossOrigin.IsEnabled(app.Configuration))
{
    app.UseCors(); // before authentication and rate limiting: a preflight is answered, never refused or counted
}

app.UseWebPlayer(); // the page at / and its files, for requests no endpoint took

app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapControllers();
app.MapStationStream(); // short-circuited: a listener's endless response skips the middleware above
app.MapLiveEvents(); // short-circuited too
app.MapRadioMetrics(); // short-circuited too: a scrape is neither logged nor rate limited
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(DependencyInjection.ReadyTag) });

await app.Services.InitializeDatabaseAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
