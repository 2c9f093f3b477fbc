using System.Net.Http.Json;
using Lineage.Api.Examples;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Tests.Integrity;

/// <summary>
/// Sealed means sealed: events appended to a run after its seal (here written straight to the store, as someone with
/// database access could) change neither its rebuild nor what its version lists and exports; and a projection
/// rebuild hammered while a run is under way leaves the sealed manifest hash that of an undisturbed run.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class SealedVersionSpecs(PlatformFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task an_untouched_version_rebuilds_to_its_hash_and_lists_exactly_its_manifest_whatever_is_appended_later()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "sealed", PipelineRuns.Small(batches: 1, batchSize: 12), seed: 3);
        var versionId = status.VersionId!;
        await using var session = f.Store.LightweightSession();
        var manifest = (await session.LoadAsync<DatasetManifest>(versionId))!;
        Assert.True(manifest.Entries.Count >= 2, "the run must keep a couple of examples");

        // Later events: a new kept candidate in a round the run never had, and a kept member dropped after the fact.
        var template = (await session.Events.QueryRawEventDataOnly<ExampleGenerated>().Where(g => g.RunId == runId).ToListAsync()).First();
        var intruder = template with { ExampleId = RunIds.Example(runId, 2, 0, 0), Round = 2, Problem = template.Problem + " (again)" };
        session.Events.StartStream(RunIds.Streams.Generate(runId, 2, 0), intruder,
            new ExampleVerified(runId, intruder.ExampleId, "boxed", "1", "1", []),
            new ExampleKept(runId, intruder.ExampleId, 2, ["length"], "appended after the seal", new DecisionEvidence()));
        var victim = manifest.Entries[0].ExampleId;
        session.Events.StartStream($"{RunIds.Streams.RunPrefix(runId)}:r1:tamper",
            new ExampleDropped(runId, victim, 1, "length", "appended after the seal", new DecisionEvidence()));
        await session.SaveChangesAsync();

        using var rebuild = await f.Client.PostAsJsonAsync($"/versions/{versionId}/rebuild", new { });
        var result = (await rebuild.Content.ReadFromJsonAsync<RebuildResult>(LineageFixture.Json))!;
        Assert.True(result.Matches, $"rebuilt {result.RebuiltHash}, sealed {result.SealedHash}");
        Assert.Equal(manifest.Entries.Count, result.ExampleCount);

        var listed = await f.GetAsync<ExamplePage>($"/examples?version={versionId}&pageSize=1000");
        Assert.Equal(manifest.Entries.Select(e => e.ExampleId), listed.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(manifest.Entries.Count, listed.Total);
        Assert.Contains(victim, listed.Items.Select(i => i.Id));

        var exported = (await f.Client.GetStringAsync($"/versions/{versionId}/export"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(manifest.Entries.Count, exported.Length);
        Assert.DoesNotContain(exported, line => line.Contains(intruder.ExampleId));
    }

    [Fact]
    public async Task a_projection_rebuild_hammered_during_a_run_leaves_the_manifest_of_an_undisturbed_run()
    {
        var config = PipelineRuns.Small(batches: 2, batchSize: 15) with { Rounds = 2 };
        var (_, undisturbed) = await PipelineRuns.RunToVersionAsync(f, "hammered", config, seed: 11);

        await f.ResetAsync();
        await PipelineRuns.DefineAsync(f, "hammered", config);
        var runId = await PipelineRuns.StartAsync(f, "hammered", seed: 11);
        using var stop = new CancellationTokenSource();
        var rebuilds = 0;
        var hammer = Task.Run(async () =>
        {
            using var daemon = await f.Store.BuildProjectionDaemonAsync();
            while (!stop.IsCancellationRequested)
            {
                await daemon.RebuildProjectionAsync<ExampleLineageProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
                rebuilds++;
            }
        });
        var disturbed = await PipelineRuns.WaitForVersionAsync(f, runId);
        await stop.CancelAsync();
        await hammer;

        Assert.True(rebuilds > 0);
        Assert.Equal(undisturbed.Id, disturbed.Id);
        Assert.Equal(undisturbed.ManifestHash, disturbed.ManifestHash);
    }
}
