using System.Diagnostics;
using Lineage.Api.EventStore;
using Lineage.Api.Stages;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Versions;
using Lineage.Domain.Audits;
using Lineage.Domain.Hashing;
using Lineage.Filters.Clustering.Storage;
using Lineage.Generators.Verification.Grading;
using Marten;

namespace Lineage.Api.Audits;

/// <summary>
/// The re-execution audit: every decision of a sealed version re-derived from its recorded inputs (the log up to the
/// seal, <see cref="VersionLog"/>) by the stages' own code, in memory, and compared with what was recorded. Each stage
/// starts from the recorded outputs of the stage before it, never from its own re-derivation, so a difference is
/// reported where it arises and nothing downstream repeats it. Nothing of the run is written: the outcome is recorded
/// as <see cref="VersionAudited"/> in a stream of the audit's own.
/// </summary>
public sealed class VersionAuditor(
    IDocumentStore store, ProxyModelHost proxies, IAnswerGrader grader, RuleFactory rules, ComputeDevice compute,
    IBlobStore blobs, CentroidStore centroids, TimeProvider clock)
{
    public async Task<AuditReport?> AuditAsync(string versionId, CancellationToken ct)
    {
        var timer = Stopwatch.StartNew();
        VersionLog? log;
        await using (var session = store.QuerySession())
            log = await VersionLog.LoadAsync(session, versionId, ct);
        if (log is null) return null;

        var origin = log.Origin;
        var vectors = new CheckedVectors(blobs);
        var device = compute.Device;
        var stages = new List<StageAudit>();
        if (log.IsFork) stages.Add(ForkAudit.Inherited(log));
        stages.Add(await GenerationAudit.RunAsync(origin, ct));
        stages.Add(VerificationAudit.Run(origin, grader));
        stages.Add(await EmbeddingAudit.RunAsync(origin, proxies, vectors, device, ct));
        if (log.IsFork)
        {
            var (cluster, filter) = ForkAudit.Rounds(log, rules, vectors, device);
            stages.AddRange([cluster, filter]);
        }
        else
        {
            stages.Add(ClusteringAudit.Run(log, vectors, centroids, device));
            stages.Add(FilterAudit.Run(log, rules, vectors, device));
        }
        stages.Add(SealAudit.Run(log));
        if (log.IsFork)
            // The origin's stages are audited for the fork: say so where a reader looks.
            stages = stages.Select(s => s.Stage is GenerationAudit.Stage or VerificationAudit.Stage or EmbeddingAudit.Stage
                ? s with { Note = $"{s.Note} (of origin version {origin.VersionId})" } : s).ToList();

        var summaries = stages.Select(s => s.Summary()).ToList();
        var differences = stages.SelectMany(s => s.Differences).ToList();
        var reportSha = CanonicalJson.Hash(new { versionId, summaries, differences });
        // The id names the outcome: what each stage checked and what differed. The notes stay out of it: they count the
        // floating-point fields that were equal only within tolerance, which moves with the sum order of whatever torch
        // thread count the process had at the moment, and an audit that tolerated them found the same outcome.
        var outcome = summaries.Select(x => new { x.Stage, x.Checked, x.Identical, x.Different });
        var auditId = CanonicalJson.Hash(new { versionId, outcome, differences })[..16];
        var audited = new VersionAudited(versionId, auditId, differences.Count == 0, summaries, differences.Count,
            differences.Take(VersionAudited.Recorded).ToList(), reportSha, clock.GetUtcNow());
        bool recorded;
        await using (var session = store.LightweightSession())
            recorded = await StageStreams.StartOnceAsync(session, VersionAudited.Stream(versionId, auditId), [audited], ct);
        return new AuditReport(versionId, log.RunId, log.IsFork, log.IsFork ? origin.VersionId : null, stages,
            timer.Elapsed.TotalSeconds, auditId, recorded);
    }
}
