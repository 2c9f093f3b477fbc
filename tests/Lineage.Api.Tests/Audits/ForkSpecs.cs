using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lineage.Api.Audits;
using Lineage.Api.Examples;
using Lineage.Api.Forks;
using Lineage.Api.Tests.Platform;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Messages;
using Lineage.Api.Messaging;
using Lineage.Domain.Stages;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Tests.Audits;

/// <summary>What-if forks: re-decided from the recorded log, sealed as a child version, found again, rebuilt, audited, explained.</summary>
[Trait("Category", "Integration")]
[Collection(AuditedVersionCollection.Name)]
public class ForkSpecs(AuditedVersionFixture f)
{
    public const double R = 0.25;

    public static async Task<ForkResult> ForkAsync(AuditedVersionFixture f, string versionId)
    {
        using var response = await f.Client.PostAsJsonAsync($"/versions/{versionId}/forks", new { set = new Dictionary<string, object> { ["diversity.r"] = R } });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ForkResult>(LineageFixture.Json))!;
    }

    [Fact]
    public async Task a_fork_with_another_r_re_decides_round_one_by_the_new_threshold_on_the_recorded_clustering()
    {
        var (runId, versionId) = await f.VersionAsync();
        var fork = await ForkAsync(f, versionId);

        var sealedFork = await f.GetAsync<VersionSealed>($"/versions/{fork.VersionId}");
        Assert.Equal(versionId, sealedFork.ParentVersionId);
        RunStarted run;
        await using (var session = f.Store.QuerySession())
            run = (await session.Events.FetchStreamAsync(RunIds.Streams.Run(runId))).Select(e => e.Data).OfType<RunStarted>().Single();
        Assert.Equal((run.Config with { Diversity = run.Config.Diversity! with { R = R } }).Hash(), sealedFork.ConfigHash);
        Assert.Equal(new Dictionary<string, string> { ["diversity.r"] = "0.25" }, fork.Overrides);

        // Round 1's pool is the seeds on both sides: the parent's clustering stands, and the threshold is recomputed
        // here from its sizes: the size at index ⌊K·r⌋ of the sizes sorted ascending.
        ClusteringCompleted clustering;
        await using (var session = f.Store.QuerySession())
            clustering = (await session.Events.FetchStreamAsync(RunIds.Streams.Cluster(runId, 1))).Select(e => e.Data).OfType<ClusteringCompleted>().Single();
        var sorted = clustering.Sizes.Order().ToList();
        var threshold = sorted[Math.Min((int)Math.Floor(sorted.Count * R), sorted.Count - 1)];
        Assert.Null(fork.Rounds[0].ReclusteredBecause);
        Assert.Equal(clustering.ClusteringId, fork.Rounds[0].ClusteringId);

        var parents = (await f.LineagesAsync(runId)).Where(x => x.Round == 1 && x.Origin == "generated").ToDictionary(x => x.Id);
        var children = (await f.LineagesAsync(fork.RunIdOf())).Where(x => x.Round == 1).ToList();
        Assert.Equal(parents.Count, children.Count);
        var judged = 0;
        foreach (var child in children)
        {
            var parent = parents[child.ForkOf!];
            Assert.Equal((parent.Problem, parent.Solution, parent.Answer), (child.Problem, child.Solution, child.Answer));
            if (parent.Outcome != Decision.Kept && parent.Rule != "sparse-cluster")
            {
                // Decided before the sparse-cluster rule (verification, length, duplicates): the fork decides the same.
                Assert.Equal((parent.Outcome, parent.Rule), (child.Outcome, child.Rule));
                continue;
            }
            judged++;
            var size = clustering.Sizes[parent.Clusters.Single(c => c.ClusteringId == clustering.ClusteringId).ClusterId];
            Assert.Equal(size < threshold ? Decision.Kept : Decision.Dropped, child.Outcome);
        }
        Assert.True(judged > 0);
        Assert.Contains(children, c => c.Outcome == Decision.Dropped && parents[c.ForkOf!].Outcome == Decision.Kept);
    }

    [Fact]
    public async Task the_same_fork_twice_is_the_same_version_and_it_rebuilds_and_audits_clean()
    {
        var (_, versionId) = await f.VersionAsync();
        var first = await ForkAsync(f, versionId);
        var events = await EventLog.CountAllAsync(f.Store);
        var again = await ForkAsync(f, versionId);
        Assert.Equal(first.VersionId, again.VersionId);
        Assert.False(again.Created);
        Assert.Equal(first.Sealed.ManifestHash, again.Sealed.ManifestHash);
        Assert.Equal(events, await EventLog.CountAllAsync(f.Store));

        var rebuilt = (await f.Service<VersionRebuilder>().RebuildAsync(first.VersionId, CancellationToken.None))!;
        Assert.True(rebuilt.Matches);
        Assert.Equal(first.Sealed.Kept, rebuilt.ExampleCount);

        var audit = (await f.Service<VersionAuditor>().AuditAsync(first.VersionId, CancellationToken.None))!;
        Assert.True(audit.Clean, string.Join("\n", audit.Stages.SelectMany(s => s.Differences).Take(20).Select(d => $"{d.Stage} {d.Subject} {d.Field}: {d.Recorded} | {d.Rederived}")));
        Assert.Equal(["inherit", "generate", "verify", "embed", "cluster", "filter", "seal"], audit.Stages.Select(s => s.Stage));
        Assert.Equal(versionId, audit.OriginVersionId);
        Assert.Equal(2 * 2 * 16, audit.Stages[0].Checked);
    }

    [Fact]
    public async Task why_on_a_fork_example_shows_its_own_decision_and_the_parents()
    {
        var (runId, versionId) = await f.VersionAsync();
        var fork = await ForkAsync(f, versionId);
        var child = (await f.LineagesAsync(fork.RunIdOf())).First(c => c.Outcome == Decision.Dropped && c.Rule == "sparse-cluster");
        await using var session = f.Store.QuerySession();
        var parent = (await session.LoadAsync<ExampleLineage>(child.ForkOf!))!;
        Assert.Equal(runId, parent.RunId);

        var why = await f.GetAsync<LineageResponse>($"/examples/{child.Id}/lineage");

        Assert.Contains(why.Why, l => l.StartsWith($"forked: carried into fork {child.RunId} from {parent.Id} of version {versionId}"));
        Assert.Contains(why.Why, l => l.StartsWith("dropped by rule sparse-cluster:") && l.Contains($"(r {R.ToString(System.Globalization.CultureInfo.InvariantCulture)} of"));
        Assert.Contains(why.Why, l => l == $"in parent version {versionId} ({parent.Id}): {parent.Outcome.ToString().ToLowerInvariant()} by rule {parent.Rule}: {parent.Decision!.Reason}");
    }

    [Fact]
    public async Task unknown_or_invalid_keys_are_refused_naming_the_key_and_nothing_is_appended()
    {
        var (_, versionId) = await f.VersionAsync();
        var events = await EventLog.CountAllAsync(f.Store);
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { set = new Dictionary<string, object> { ["generator.temperature"] = 0.7 } }, "set.generator.temperature"),
                     (new { set = new Dictionary<string, object> { ["diversity.r"] = 1.5 } }, "set.diversity.r"),
                     (new { set = new Dictionary<string, object> { ["length.maxChars"] = 10 } }, "set.length.maxChars"),
                     (new { set = new Dictionary<string, object> { ["deduplicate"] = new[] { 1 } } }, "set.deduplicate"),
                 })
        {
            using var response = await f.Client.PostAsJsonAsync($"/versions/{versionId}/forks", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
        using (var unknown = await f.Client.PostAsJsonAsync("/versions/ver-nothing/forks", new { set = new Dictionary<string, object> { ["diversity.r"] = 0.3 } }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(events, await EventLog.CountAllAsync(f.Store));
    }

    [Fact]
    public async Task the_cli_forks_audits_and_diffs_and_a_bad_key_exits_2_naming_it()
    {
        var (_, versionId) = await f.VersionAsync();
        var fork = await ForkAsync(f, versionId);

        var bad = await CliProcess.RunAsync(f.Options, "fork", versionId, "--set", "diversity.rr=0.3");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("set.diversity.rr", bad.Error);

        var same = await CliProcess.RunAsync(f.Options, "fork", versionId, "--set", "diversity.r=0.250");
        Assert.True(same.ExitCode == 0, same.Output + same.Error);
        Assert.Contains($"fork {fork.VersionId} of {versionId} (already sealed", same.Output);

        var audit = await CliProcess.RunAsync(f.Options, "audit", fork.VersionId);
        Assert.True(audit.ExitCode == 0, audit.Output + audit.Error);
        Assert.Contains("clean", audit.Output);

        var diff = await CliProcess.RunAsync(f.Options, "diff", versionId, fork.VersionId);
        Assert.True(diff.ExitCode == 0, diff.Output + diff.Error);
        // The host may print its own notices first (Marten's daemon warning); the diff starts at its header.
        var lines = diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipWhile(l => !l.StartsWith("diff ")).ToList();
        Assert.StartsWith($"diff {versionId} → {fork.VersionId}:", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("only-a run-"));
    }

    [Fact]
    public async Task a_stage_command_naming_a_fork_is_refused_as_after_a_seal_over_http_and_over_the_broker()
    {
        var (_, versionId) = await f.VersionAsync();
        var fork = await ForkAsync(f, versionId);
        var forkRunId = fork.RunIdOf();
        var before = await EventLog.PerStreamAsync(f.Store, forkRunId);

        // Over HTTP: a conflict with the seal, nothing sent or appended.
        using (var response = await f.Client.PostAsJsonAsync($"/runs/{forkRunId}/stages/filter", new { round = 1 }))
        {
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(StageConditions.Sealed, problem.GetProperty("condition").GetString());
        }
        Assert.Equal(before, await EventLog.PerStreamAsync(f.Store, forkRunId));

        // Over the broker, where anyone may send one: the consumer records one refusal, and no stage output.
        await f.Service<StageDispatcher>().SendAsync(new FilterBatch { RunId = forkRunId, Round = 2 });
        var refused = await Eventually.GetAsync(async () =>
        {
            await using var session = f.Store.QuerySession();
            return (await session.Events.QueryRawEventDataOnly<StageRefused>().Where(r => r.RunId == forkRunId).ToListAsync()).SingleOrDefault();
        }, $"a refusal of the fork {forkRunId}'s filter command");
        Assert.Equal(("filter", (int?)2, StageConditions.Sealed), (refused.Stage, refused.Round, refused.Condition));
        var after = await EventLog.PerStreamAsync(f.Store, forkRunId);
        Assert.Equal(0, after.GetValueOrDefault(RunIds.Streams.Filter(forkRunId, 2)));
        // The refusal is the only thing added: every stream the fork had is as it was.
        Assert.Equal(before, after.Where(p => before.ContainsKey(p.Key)).ToDictionary());
        Assert.Equal(1, after.Where(p => !before.ContainsKey(p.Key)).Sum(p => p.Value));
    }
}

internal static class ForkResults
{
    public static string RunIdOf(this ForkResult fork) => fork.Sealed.RunId;
}
