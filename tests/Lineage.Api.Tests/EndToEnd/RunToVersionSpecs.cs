using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lineage.Api.Examples;
using Lineage.Api.Schedules;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.EndToEnd;

[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class RunToVersionSpecs(PlatformFixture f) : IAsyncLifetime
{
    private const string Pipeline = "e2e";
    private static readonly Domain.Pipelines.PipelineConfig Config = PipelineRuns.Small(batches: 2, batchSize: 40);

    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_run_started_over_http_seals_a_version_that_accounts_for_every_candidate()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config, seed: 7);

        var round = Assert.Single(status.Rounds);
        Assert.Equal((2, 2, 80), (round.GeneratedBatches, round.VerifiedBatches, round.Generated));
        Assert.Equal(80, round.Verified + round.Rejected);
        Assert.Equal(round.Verified, round.Kept + round.Dropped);
        Assert.True(round.Rejected > 0, "with a 20% error rate some candidates must fail verification");

        var version = await f.GetAsync<VersionSealed>($"/versions/{status.VersionId}");
        Assert.Equal((runId, RunIds.Version(runId), Pipeline, Config.Hash()), (version.RunId, version.VersionId, version.Pipeline, version.ConfigHash));
        Assert.Equal((80, round.Kept, 80 - round.Kept), (version.Generated, version.Kept, version.Dropped));
        Assert.Equal(round.Kept, version.ExampleCount);
        Assert.Equal(round.Rejected, version.DroppedByRule["verification"]);
        Assert.Equal(version.Dropped, version.DroppedByRule.Values.Sum());
        Assert.Equal(status.ManifestHash, version.ManifestHash);
    }

    [Fact]
    public async Task a_target_size_seals_the_version_after_the_round_that_reaches_it_not_at_the_round_cap()
    {
        var config = PipelineRuns.Small(batches: 1, batchSize: 12) with { Rounds = 3, TargetSize = 5 };
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, "target", config, seed: 4);

        await using var session = f.Store.QuerySession();
        var rounds = (await session.Events.QueryRawEventDataOnly<RoundFiltered>().Where(r => r.RunId == runId).ToListAsync())
            .OrderBy(r => r.Round).ToList();
        // Every round but the last fell short of the target; the last reached it or was the cap.
        Assert.Equal(status.Rounds.Count, rounds.Count);
        Assert.Equal(rounds.Select(r => r.Kept).Sum(), rounds[^1].TotalKept);
        Assert.All(rounds.SkipLast(1), r => Assert.True(r.TotalKept < 5, $"round {r.Round} had {r.TotalKept} kept and did not stop"));
        Assert.True(rounds[^1].TotalKept >= 5 || rounds.Count == 3);
        Assert.True(rounds.Count < 3, $"12 candidates a round should keep 5 before round 3; kept {string.Join(", ", rounds.Select(r => r.Kept))}");
        var version = await f.GetAsync<VersionSealed>($"/versions/{status.VersionId}");
        Assert.Equal(rounds[^1].TotalKept, version.Kept);
    }

    [Fact]
    public async Task why_explains_a_kept_example_by_its_generator_verification_and_the_rules_it_passed()
    {
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config, seed: 7);
        var page = await f.GetAsync<ExamplePage>($"/examples?run={runId}&decision=kept&pageSize=1");
        var why = await f.GetAsync<LineageResponse>($"/examples/{page.Items[0].Id}/lineage");
        var x = why.Lineage;

        Assert.Equal("kept", why.Outcome);
        Assert.Equal(runId, x.RunId);
        Assert.Equal("procedural", x.Generated!.GeneratorKind);
        Assert.StartsWith("procedural-math/v1:", x.Generated.GeneratorId);
        Assert.Equal(x.Generated.Attributes["template"], x.Generated.GeneratorId["procedural-math/v1:".Length..]);
        Assert.Equal("false", x.Generated.Attributes["injectedError"]);

        Assert.True(x.Verification!.Passed);
        Assert.Equal("expected-answer", x.Verification.Method);
        Assert.Equal(x.Generated.ExpectedAnswer, x.Verification.ExpectedAnswer);

        var decision = x.Decision!;
        Assert.Equal((Decision.Kept, "length+exact-duplicate", 1), (decision.Decision, decision.Rule, decision.Round));
        var length = x.Generated.Problem.Length + x.Generated.Solution.Length;
        Assert.Equal((length, 200, 1200), (decision.Evidence.Length, decision.Evidence.MinLength, decision.Evidence.MaxLength));
        Assert.InRange(length, 200, 1200);

        Assert.Contains(why.Why, l => l.StartsWith($"generated: run {runId} round 1 batch {x.Batch} index {x.Index} by procedural"));
        Assert.Contains(why.Why, l => l.StartsWith("verified (expected-answer)"));
        Assert.Equal($"kept by rule length+exact-duplicate: {decision.Reason}", why.Why[^1]);
        Assert.Contains($"length {length} within 200..1200", decision.Reason);
    }

    [Fact]
    public async Task why_explains_a_dropped_example_by_the_rule_that_dropped_it_and_the_evidence_compared()
    {
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config, seed: 7);

        var rejected = await f.GetAsync<ExamplePage>($"/examples?run={runId}&decision=dropped&rule=verification&pageSize=1");
        var bad = (await f.GetAsync<LineageResponse>($"/examples/{rejected.Items[0].Id}/lineage")).Lineage;
        Assert.Equal((Decision.Dropped, "verification"), (bad.Outcome, bad.Rule));
        Assert.Equal("true", bad.Generated!.Attributes["injectedError"]);
        Assert.False(bad.Verification!.Passed);
        var vote = Assert.Single(bad.Decision!.Evidence.Votes!);
        Assert.NotEqual(bad.Generated.ExpectedAnswer, vote.Answer);
        Assert.Equal($"final answer {vote.Answer} differs from the expected {bad.Generated.ExpectedAnswer}", bad.Decision.Reason);

        var tooShort = await f.GetAsync<ExamplePage>($"/examples?run={runId}&rule=length&pageSize=1");
        var shortOne = (await f.GetAsync<LineageResponse>($"/examples/{tooShort.Items[0].Id}/lineage")).Lineage;
        var length = shortOne.Generated!.Problem.Length + shortOne.Generated.Solution.Length;
        Assert.True(shortOne.Verification!.Passed);
        Assert.Equal(length, shortOne.Decision!.Evidence.Length);
        Assert.True(length < 200 || length > 1200, $"dropped by length with {length} characters inside the bounds");
    }

    [Fact]
    public async Task a_sealed_version_is_reproduced_by_a_rebuild_from_events_and_by_its_export()
    {
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config, seed: 7);
        var version = await f.GetAsync<VersionSealed>($"/versions/{status.VersionId}");

        var rebuild = await RebuildAsync(version.VersionId);
        Assert.True(rebuild.Matches);
        Assert.Equal(version.ManifestHash, rebuild.RebuiltHash);
        Assert.Equal(version.ExampleCount, rebuild.ExampleCount);

        var lines = await ExportAsync(version.VersionId);
        Assert.Equal(version.ExampleCount, lines.Count);
        var entries = lines.Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var e = doc.RootElement;
            var id = e.GetProperty("id").GetString()!;
            var sha = ContentHash.Of(id, e.GetProperty("problem").GetString()!, e.GetProperty("solution").GetString()!, e.GetProperty("answer").GetString());
            Assert.Equal(sha, e.GetProperty("contentSha256").GetString());
            Assert.Equal("length+exact-duplicate", e.GetProperty("lineage").GetProperty("rule").GetString());
            return (id, sha);
        }).ToList();
        Assert.Equal(entries.Select(e => e.id).Order(StringComparer.Ordinal), entries.Select(e => e.id));
        Assert.Equal(version.ManifestHash, ContentHash.Manifest(entries));
    }

    [Fact]
    public async Task projections_rebuilt_from_scratch_give_back_the_same_lineage_export_and_version()
    {
        var (runId, status) = await PipelineRuns.RunToVersionAsync(f, Pipeline, Config, seed: 7);
        var versionId = status.VersionId!;
        var ids = (await f.GetAsync<ExamplePage>($"/examples?run={runId}&pageSize=1000")).Items.Select(i => i.Id).ToList();
        Assert.Equal(80, ids.Count);
        var before = await LineageJsonAsync(ids);
        var exportBefore = await ExportAsync(versionId);

        await using (var session = f.Store.LightweightSession())
        {
            session.DeleteWhere<ExampleLineage>(x => true);
            session.DeleteWhere<DatasetVersion>(x => true);
            await session.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await f.Client.GetAsync($"/examples/{ids[0]}/lineage")).StatusCode);

        await using (var scope = f.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ScheduledJobs>().RebuildProjectionsAsync();

        Assert.Equal(before, await LineageJsonAsync(ids));
        Assert.Equal(exportBefore, await ExportAsync(versionId));
        var version = await f.GetAsync<VersionSealed>($"/versions/{versionId}");
        var rebuild = await RebuildAsync(versionId);
        Assert.True(rebuild.Matches);
        Assert.Equal((status.ManifestHash, status.ManifestHash), (version.ManifestHash, rebuild.RebuiltHash));
        var rebuiltStatus = await f.GetAsync<RunStatus>($"/runs/{runId}");
        Assert.Equal((status.Rounds[0].Kept, status.Rounds[0].Dropped, status.VersionId), (rebuiltStatus.Rounds[0].Kept, rebuiltStatus.Rounds[0].Dropped, rebuiltStatus.VersionId));
    }

    private async Task<RebuildResult> RebuildAsync(string versionId)
    {
        using var response = await f.Client.PostAsync($"/versions/{versionId}/rebuild", JsonBody.Empty());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RebuildResult>(LineageFixture.Json))!;
    }

    private async Task<List<string>> ExportAsync(string versionId)
    {
        using var response = await f.Client.GetAsync($"/versions/{versionId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task<List<string>> LineageJsonAsync(IEnumerable<string> ids)
    {
        var all = new List<string>();
        foreach (var id in ids) all.Add(await f.Client.GetStringAsync($"/examples/{id}/lineage"));
        return all;
    }
}
