using Microsoft.Extensions.Diagnostics.HealthChecks;
using Radio.Infrastructure.Library.Search;

namespace Radio.UnitTests.Infrastructure.Library.Search;

public sealed class SearchIndexHealthCheckTests
{
    [Fact]
    public async Task An_instance_is_not_ready_until_its_search_index_has_loaded()
    {
        var index = new SongSearchIndex();
        var check = new SearchIndexHealthCheck(index);

        var loading = await check.CheckHealthAsync(new HealthCheckContext());
        index.MarkLoaded();
        var loaded = await check.CheckHealthAsync(new HealthCheckContext());

        loading.Status.Should().Be(HealthStatus.Unhealthy);
        loaded.Status.Should().Be(HealthStatus.Healthy);
    }
}
