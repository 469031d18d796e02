using System.Net;
using Xunit.Abstractions;

namespace Radio.ClusterTests;

/// <summary>API.md, Deployment: library changes reach every instance's search index within 2 s.</summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterLibraryTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public Task An_upload_through_one_instance_is_found_by_the_others_within_2_seconds_and_its_delete_disappears_within_2_seconds() =>
        cluster.ExplainAsync(output, async () =>
        {
            var title = "Everywhere " + Guid.NewGuid().ToString("N")[..8];

            var song = await cluster.Direct[0].UploadAsync(cluster.ArtistToken, title, ClusterSongs.Numbered(100, 2));
            var found = await Task.WhenAll(cluster.Direct[1..].Select(d => ClusterApi.WithinAsync(Limit, () => d.FindsAsync(title, song.Id))));
            using var deleted = await cluster.Direct[0].SendAsync(HttpMethod.Delete, $"/songs/{song.Id}", cluster.ArtistToken);
            var gone = await Task.WhenAll(cluster.Direct[1..].Select(d => ClusterApi.WithinAsync(Limit, async () => !await d.FindsAsync(title, song.Id))));

            found.Should().AllSatisfy(f => f.Should().NotBeNull("instances 2 and 3 heard of the upload within 2 s"));
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
            gone.Should().AllSatisfy(g => g.Should().NotBeNull("instances 2 and 3 heard of the delete within 2 s"));
        });
}
