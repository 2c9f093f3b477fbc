using System.Net;
using System.Net.Http.Json;
using Lineage.Api.Diversity;
using Lineage.Api.Examples;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Storage;
using Marten;
using static TorchSharp.torch;

namespace Lineage.Api.Tests.Diversity;

/// <summary>
/// The Prismatic loop over the real bus and store: three rounds with gradient embeddings, clustering and the
/// sparse-cluster filter; parents drawn from the thin part of the pool; then the recurring jobs' work, a
/// reclustering of the pipeline's growing pool and a recorded diversity report.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class DiversityLoopSpecs(PlatformFixture f) : IAsyncLifetime
{
    private const string Pipeline = "prismatic";

    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Three rounds over a seed pool of 24 GSM8K-format problems written for the test.</summary>
    private PipelineConfig Config()
    {
        var seeds = Path.Combine(f.Options.DataDirectory, "seeds.jsonl");
        PipelineRuns.WriteSeedFile(seeds, seed: 991, count: 24);
        return new PipelineConfig
        {
            Rounds = 3,
            BatchesPerRound = 2,
            BatchSize = 16,
            Generator = new GeneratorConfig { ErrorRate = 0.1 },
            Diversity = new DiversityConfig { Mode = "fast", Dimension = 64, KRatio = 0.25, R = 0.5, Iterations = 10 },
            Seeds = new SeedPoolConfig { File = seeds, Limit = 24 },
        };
    }

    private async Task<List<ExampleLineage>> LineagesAsync(string runId)
    {
        await using var session = f.Store.QuerySession();
        return (await session.Query<ExampleLineage>().Where(x => x.RunId == runId).ToListAsync()).ToList();
    }

    private async Task<ClusteringCompleted> ClusteringAsync(string runId, int round)
    {
        await using var session = f.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(runId, round));
        return events.Select(e => e.Data).OfType<ClusteringCompleted>().Single();
    }

    [Fact]
    public async Task later_rounds_are_generated_from_parents_in_the_smallest_clusters_of_the_previous_round()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 5);
        Assert.Equal(3, status.Rounds.Count);
        var lineages = await LineagesAsync(runId);
        var byId = lineages.ToDictionary(x => x.Id);

        // Round 1's pool is the imported seeds, which carry no procedural family: nothing can steer round 1.
        Assert.All(lineages.Where(x => x.Round == 1 && x.Origin == "generated"), x => Assert.Empty(x.Generated!.ParentExampleIds));

        foreach (var round in new[] { 2, 3 })
        {
            var previous = await ClusteringAsync(runId, round - 1);
            var generated = lineages.Where(x => x.Round == round && x.Origin == "generated").ToList();
            Assert.Equal(32, generated.Count);
            var parentSizes = new List<int>();
            foreach (var x in generated)
            {
                var g = x.Generated!;
                var parent = byId[Assert.Single(g.ParentExampleIds)];
                // A sibling: the parent's family, an example the pool held (kept) when round `round - 1` was clustered.
                Assert.Equal(parent.Generated!.Attributes["family"], g.Attributes["family"]);
                Assert.Equal(Decision.Kept, parent.Outcome);
                Assert.True(parent.Round < round);
                Assert.Equal(previous.ClusteringId, g.Attributes["parentClustering"]);
                parentSizes.Add(int.Parse(g.Attributes["parentClusterSize"]));
            }
            // Drawn from the thin part of the pool: the parents' clusters are smaller on average than the cluster of
            // a pool member picked at random (sum of size² over sum of size).
            var sizes = previous.Sizes;
            var randomMember = sizes.Sum(s => (double)s * s) / sizes.Sum();
            Assert.True(parentSizes.Average() < randomMember,
                $"round {round}: parents' mean cluster size {parentSizes.Average():0.00} is not below a random pool member's {randomMember:0.00}");
        }
    }

    [Fact]
    public async Task a_parent_from_the_pool_sits_in_the_cluster_its_vector_is_nearest_to_with_the_recorded_size()
    {
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 5);
        var lineages = await LineagesAsync(runId);
        var byId = lineages.ToDictionary(x => x.Id);
        var clustering = await ClusteringAsync(runId, 2);
        Assert.NotNull(clustering.Sparsest);
        Assert.NotEmpty(clustering.Sparsest);
        Assert.Equal(clustering.Sparsest.OrderBy(m => m.ClusterSize).ThenBy(m => m.ClusterId).Select(m => m.ClusterSize), clustering.Sparsest.Select(m => m.ClusterSize));

        // Recompute independently: each recorded sparse member's nearest stored centroid and that cluster's size.
        var members = clustering.Sparsest.Select(m => byId[m.ExampleId]).ToList();
        using var scope = NewDisposeScope();
        var (x, _) = f.Service<PoolVectors>().Load(members, null, 64);
        using var centroids = f.Service<CentroidStore>().Load(clustering.CentroidsAddress);
        var (nearest, _) = CosineKMeans.Assign(x, centroids);
        for (var i = 0; i < members.Count; i++)
        {
            Assert.Equal(clustering.Sparsest[i].ClusterId, (int)nearest[i]);
            Assert.Equal(clustering.Sizes[(int)nearest[i]], clustering.Sparsest[i].ClusterSize);
        }

        // And why on a round-3 example names its parent and where that parent sat.
        var child = lineages.First(l => l.Round == 3 && l.Origin == "generated");
        var why = await f.GetAsync<LineageResponse>($"/examples/{child.Id}/lineage");
        Assert.Contains(why.Why, l => l.Contains($"few-shot parents: {child.Generated!.ParentExampleIds[0]}"));
        Assert.Contains(why.Why, l => l.Contains($"parentClustering={clustering.ClusteringId}") && l.Contains("parentClusterSize="));
    }

    [Fact]
    public async Task reclustering_the_growing_pool_records_every_member_once_per_change_and_skips_an_unchanged_pool()
    {
        var reclustering = f.Service<PoolReclustering>();
        var (firstRun, _) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 5);

        var first = (await reclustering.RunAsync(Pipeline, 3, "test", CancellationToken.None))!;
        Assert.True(first.Recorded, first.Detail);
        var expected = (await LineagesAsync(firstRun)).Where(x => x.Outcome == Decision.Kept && x.Embedding is not null).ToList();
        Assert.Equal(expected.DistinctBy(x => (x.Problem, x.Solution)).Count(), first.Members);

        await using (var session = f.Store.QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(PoolStreams.Clustering(Pipeline, first.ClusteringId!))).Select(e => e.Data).ToList();
            var assigned = events.OfType<PoolMemberAssigned>().ToList();
            var summary = events.OfType<PoolReclustered>().Single();
            Assert.Equal(first.Members, assigned.Select(a => a.ExampleId).Distinct().Count());
            Assert.Equal(first.Members, summary.Sizes.Sum());
            Assert.Equal(summary.K, summary.Sizes.Count);
            Assert.All(assigned, a => Assert.Equal(summary.Sizes[a.ClusterId], a.ClusterSize));
            var lineage = await session.LoadAsync<ExampleLineage>(assigned[0].ExampleId);
            Assert.Equal((first.ClusteringId, assigned[0].ClusterId), (lineage!.PoolCluster!.ClusteringId, lineage.PoolCluster.ClusterId));
        }

        var again = (await reclustering.RunAsync(Pipeline, 3, "test", CancellationToken.None))!;
        Assert.False(again.Recorded);
        Assert.Equal(first.ClusteringId, again.ClusteringId);

        // A second run grows the pool: the next firing clusters the union of both versions.
        var second = await PipelineRuns.StartAsync(f, Pipeline, seed: 6);
        await PipelineRuns.WaitForVersionAsync(f, second);
        var grown = (await reclustering.RunAsync(Pipeline, 3, "test", CancellationToken.None))!;
        Assert.True(grown.Recorded, grown.Detail);
        Assert.NotEqual(first.ClusteringId, grown.ClusteringId);
        Assert.True(grown.Members > first.Members, $"{grown.Members} members after a second version, {first.Members} before");

        var history = await f.GetAsync<PoolHistory>($"/pipelines/{Pipeline}/pool");
        Assert.Equal([first.ClusteringId, grown.ClusteringId], history.Reclusterings.Select(r => r.ClusteringId));
        Assert.Equal([1, 2], history.Reclusterings.Select(r => r.VersionIds.Count));
        // Both runs import the same 24 seeds: the pool counts each content once.
        Assert.True(history.Reclusterings[1].SkippedDuplicateContent >= 24, $"{history.Reclusterings[1].SkippedDuplicateContent} duplicates skipped");
    }

    [Fact]
    public async Task the_diversity_report_of_the_newest_version_is_recorded_once_and_matches_the_version_endpoint()
    {
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config(), seed: 5);
        var pools = f.Service<PoolDiversity>();

        var first = (await pools.ReportAsync(Pipeline, "test", CancellationToken.None))!;
        var again = (await pools.ReportAsync(Pipeline, "test", CancellationToken.None))!;

        Assert.True(first.Recorded, first.Detail);
        Assert.Equal(status.VersionId, first.VersionId);
        Assert.False(again.Recorded);
        var history = await f.GetAsync<PoolHistory>($"/pipelines/{Pipeline}/pool");
        var report = Assert.Single(history.Reports);
        var live = await f.GetAsync<DiversityReport>($"/versions/{status.VersionId}/diversity");
        Assert.Equal(live.VersionGVendi, report.Report.VersionGVendi);
        Assert.Equal(live.Rounds.Select(r => r.GVendiAfter), report.Report.Rounds.Select(r => r.GVendiAfter));
        Assert.Equal(3, report.Report.Rounds.Count);

        // The version's G-Vendi, recomputed here from its stored vectors: exp of the entropy of the eigenvalues of XᵀX/n.
        var kept = (await LineagesAsync(status.Id)).Where(x => x.Origin == "generated" && x.Outcome == Decision.Kept)
            .OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(kept.Count, live.Embedded);
        using (NewDisposeScope())
        {
            var (x, _) = f.Service<PoolVectors>().Load(kept, null, 64);
            var moment = x.to(ScalarType.Float64).t().matmul(x.to(ScalarType.Float64)) / kept.Count;
            var eigenvalues = linalg.eigvalsh(moment).data<double>().Where(l => l > 1e-12).ToArray();
            var expected = Math.Exp(-eigenvalues.Sum(l => l * Math.Log(l)));
            Assert.True(Math.Abs(live.VersionGVendi!.Value - expected) <= 1e-6 * expected, $"G-Vendi {live.VersionGVendi}, recomputed {expected}");
        }
        // Per cluster: every member counted once, and a cluster's G-Vendi lies between 1 and its size (1 for a single member).
        Assert.Equal(kept.Count, live.ByCluster!.Sum(c => c.Size));
        Assert.All(live.ByCluster!, c => Assert.InRange(c.GVendi, 1 - 1e-9, c.Size + 1e-9));
        Assert.All(live.ByCluster!.Where(c => c.Size == 1), c => Assert.Equal(1, c.GVendi, 9));
        Assert.Equal(kept.Count, live.ByGenerator!.Groups.Sum(g => g.Count));
    }

    [Fact]
    public async Task pool_jobs_posted_over_http_are_enqueued_and_a_pool_without_versions_has_no_history()
    {
        await PipelineRuns.DefineAsync(f, Pipeline, PipelineRuns.Small(1, 5));
        using var accepted = await f.Client.PostAsync($"/pipelines/{Pipeline}/pool/report", JsonBody.Empty());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.False(string.IsNullOrEmpty((await accepted.Content.ReadFromJsonAsync<JobAccepted>())!.Job));
        var empty = await f.GetAsync<PoolHistory>($"/pipelines/{Pipeline}/pool");
        Assert.Equal((0, 0), (empty.Reclusterings.Count, empty.Reports.Count));
    }
}
