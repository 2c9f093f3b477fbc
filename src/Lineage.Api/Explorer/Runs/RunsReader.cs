using Lineage.Api.Explorer.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Explorer.Runs;

/// <summary>A pipeline and its runs, newest first.</summary>
public sealed record PipelineRuns(PipelineDefinition Pipeline, IReadOnlyList<RunStatus> Runs);

/// <summary>
/// Everything the run page shows: the run status (the async projection, a second or so behind the log), the newest
/// examples it generated and the newest it refused (rejected or dropped), each with its decision and reason.
/// </summary>
public sealed record RunView(RunStatus Run, IReadOnlyList<ExampleLineage> Recent, IReadOnlyList<ExampleLineage> Refused)
{
    /// <summary>Changes whenever anything the page shows changes: the live feed sends an update only then.</summary>
    public string Fingerprint => string.Join("|",
        Run.State, Run.SeedsImported, Run.SeedsEmbedded, Run.VersionId, Run.Failures.Count,
        string.Join(";", Run.Rounds.Select(r => $"{r.Round}:{r.GeneratedBatches}:{r.VerifiedBatches}:{r.EmbeddedBatches}:{r.ClusteringId}:{r.Filtered}")),
        string.Join(";", Recent.Select(x => $"{x.Id}:{x.Outcome}")), string.Join(";", Refused.Select(x => x.Id)));
}

public sealed class RunsReader(IDocumentStore store)
{
    public const int RecentCount = 8;
    public const int MaxRunsPerPipeline = 50;

    public async Task<IReadOnlyList<PipelineRuns>> PipelinesAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var pipelines = await session.Query<PipelineDefinition>().OrderBy(p => p.Name).ToListAsync(ct);
        var runs = await session.Query<RunStatus>().OrderByDescending(r => r.StartedAt).Take(1000).ToListAsync(ct);
        var byPipeline = runs.GroupBy(r => r.Pipeline).ToDictionary(g => g.Key, g => g.Take(MaxRunsPerPipeline).ToList());
        return pipelines.Select(p => new PipelineRuns(p, byPipeline.GetValueOrDefault(p.Name) ?? [])).ToList();
    }

    public async Task<RunView?> RunAsync(string runId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var run = await session.LoadAsync<RunStatus>(runId, ct);
        if (run is null) return null;
        // Newest first in generation order: the composite (run, round, batch, index) index read backwards.
        var generated = session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated");
        var recent = await Newest(generated).Take(RecentCount).ToListAsync(ct);
        var refused = await Newest(generated.Where(x => x.Outcome == Decision.Dropped)).Take(RecentCount).ToListAsync(ct);
        return new RunView(run, recent, refused);
    }

    private static IQueryable<ExampleLineage> Newest(IQueryable<ExampleLineage> q) =>
        q.OrderByDescending(x => x.Round).ThenByDescending(x => x.Batch).ThenByDescending(x => x.Index);

    /// <summary>The stage rows of one round in the order they run, with done/total batches (cluster and filter are one step).</summary>
    public static IReadOnlyList<StageProgress> Stages(RunStatus run, RoundProgress r)
    {
        var stages = new List<StageProgress>
        {
            new("generate", r.GeneratedBatches, r.Batches, $"{r.Generated:N0} candidates" + (r.GenerationFailures > 0 ? $", {r.GenerationFailures:N0} failed calls" : "")),
            new("verify", r.VerifiedBatches, r.Batches, $"{r.Verified:N0} verified, {r.Rejected:N0} rejected"),
        };
        if (run.Config.Diversity is not null)
        {
            stages.Add(new("embed", r.EmbeddedBatches, r.Batches, $"{r.Embedded:N0} embedded"));
            stages.Add(new("cluster", r.ClusteringId is null ? 0 : 1, 1,
                r.ClusteringId is null ? "waiting for every batch" : $"k = {r.ClusterCount}, pool G-Vendi {r.PoolGVendi:0.00}"));
        }
        stages.Add(new("filter", r.Filtered ? 1 : 0, 1, r.Filtered
            ? $"{r.Kept:N0} kept, {r.Dropped:N0} dropped" + (r.GVendi is { } g ? $", G-Vendi {g:0.00}" : "")
            : "waiting"));
        return stages;
    }
}

/// <summary>One stage of a round: batches done of total, and what it produced so far.</summary>
public sealed record StageProgress(string Stage, int Done, int Total, string Detail)
{
    public double Fraction => Total <= 0 ? 0 : Math.Min(1, (double)Done / Total);
    public string State => Done >= Total && Total > 0 ? "done" : Done > 0 ? "active" : "waiting";
}
