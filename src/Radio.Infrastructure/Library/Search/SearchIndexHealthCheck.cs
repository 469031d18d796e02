using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Radio.Infrastructure.Library.Search;

/// <summary>Not ready until the library is in the search index, so a load balancer sends no searches that would wait.</summary>
internal sealed class SearchIndexHealthCheck(SongSearchIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(index.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The search index is still loading."));
}
