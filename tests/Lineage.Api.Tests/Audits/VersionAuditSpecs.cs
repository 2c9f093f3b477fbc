using System.Net;
using System.Net.Http.Json;
using Lineage.Api.Audits;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Audits;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Filters.Clustering.Storage;
using Lineage.Filters.Rules;
using Lineage.Generators.Verification.Grading;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Audits;

/// <summary>
/// The re-execution audit over the real store: a sealed version re-derives clean; a tampered vector, another grader and a
/// tighter rule are each reported for exactly the decisions they change, in the stage that makes them, and nowhere else.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AuditedVersionCollection.Name)]
public class VersionAuditSpecs(AuditedVersionFixture f)
{
    private static readonly string[] AllStages = ["generate", "verify", "embed", "cluster", "filter", "seal"];

    /// <summary>Refuses every answer whose expected value is an even whole number; otherwise grades as the default does.</summary>
    private sealed class EvenRefusingGrader : IAnswerGrader
    {
        public GradeResult Grade(string expected, string solution)
        {
            var graded = MathGrader.Grade(expected, solution);
            return long.TryParse(expected, out var n) && n % 2 == 0 ? graded with { Equal = false } : graded;
        }

        public string? Extract(string solution) => MathGrader.Extract(solution)?.Text;
    }

    /// <summary>The stage's rules with a maximum length lower than the run's.</summary>
    private sealed class TighterLength(BenchmarkIndexes benchmarks, int maxChars) : RuleFactory(benchmarks)
    {
        public override IReadOnlyList<ICandidateRule> For(PipelineConfig config, IReadOnlyList<IPoolExample> pool, Stages.Clustering.RecordedClustering? clustering) =>
            base.For(config with { Length = config.Length! with { MaxChars = maxChars } }, pool, clustering);
    }

    private VersionAuditor Auditor(params object[] replacing) => ActivatorUtilities.CreateInstance<VersionAuditor>(f.App.Services, replacing);

    /// <summary>Length as the rule defines it (Unicode scalar values), counted here independently: UTF-16 units less low surrogates.</summary>
    private static int Length(ExampleLineage x) => (x.Problem + x.Solution).Length - (x.Problem + x.Solution).Count(char.IsLowSurrogate);

    private static IEnumerable<string> ExampleSubjects(StageAudit stage) => stage.Differences.Select(d => d.Subject).Where(s => s.StartsWith("run-")).Distinct();

    [Fact]
    public async Task a_sealed_version_re_derives_clean_and_the_audit_is_recorded_in_a_stream_of_its_own()
    {
        var (runId, versionId) = await f.VersionAsync();
        var before = await EventLog.PerStreamAsync(f.Store, runId);

        var report = (await f.Service<VersionAuditor>().AuditAsync(versionId, CancellationToken.None))!;

        Assert.True(report.Clean, string.Join("\n", report.Stages.SelectMany(s => s.Differences).Take(20).Select(d => $"{d.Stage} {d.Subject} {d.Field}: {d.Recorded} | {d.Rederived}")));
        Assert.Equal(AllStages, report.Stages.Select(s => s.Stage));
        // Every decision of every stage was looked at: counted here from the projection, not from the audit.
        var lineages = await f.LineagesAsync(runId);
        var generated = lineages.Count(x => x.Origin == "generated");
        var embedded = lineages.Count(x => x.Embedding is not null);
        var stage = report.Stages.ToDictionary(s => s.Stage);
        Assert.Equal(2 * 2 * 16, generated);
        Assert.Equal(generated + 4, stage["generate"].Checked);
        Assert.Equal(generated + 4, stage["verify"].Checked);
        Assert.Equal(embedded + 5, stage["embed"].Checked);
        Assert.Equal(lineages.Count(x => x.Origin == "generated" && x.Verification!.Passed) + 2, stage["filter"].Checked);
        Assert.Contains("bit for bit", stage["embed"].Note);
        Assert.Equal(lineages.Count(x => x.Origin == "generated" && x.Outcome == Decision.Kept) + 1, stage["seal"].Checked);

        // Nothing of the run changed; the audit has its own stream, and the same outcome again is not recorded twice.
        Assert.Equal(before, await EventLog.PerStreamAsync(f.Store, runId));
        await using (var session = f.Store.QuerySession())
        {
            var audited = (await session.Events.FetchStreamAsync(VersionAudited.Stream(versionId, report.AuditId))).Select(e => e.Data).OfType<VersionAudited>().Single();
            Assert.True(audited.Clean);
            Assert.Equal(report.Stages.Select(s => (s.Stage, s.Checked)), audited.Stages.Select(s => (s.Stage, s.Checked)));
        }
        var again = (await f.Service<VersionAuditor>().AuditAsync(versionId, CancellationToken.None))!;
        Assert.True(report.AuditId == again.AuditId, string.Join("\n", report.Stages.Zip(again.Stages).Select(p =>
            $"{p.First.Stage}: {p.First.Summary()} | {p.Second.Summary()}; differences {p.First.Differences.Count} | {p.Second.Differences.Count}")));
        Assert.False(again.Recorded);

        using var response = await f.Client.PostAsync($"/versions/{versionId}/audit", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var unknown = await f.Client.PostAsync("/versions/ver-nothing/audit", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task a_tampered_vector_blob_is_reported_for_the_one_row_changed_and_nothing_else()
    {
        var (runId, versionId) = await f.VersionAsync();
        var victim = (await f.LineagesAsync(runId)).Where(x => x.Origin == "generated" && x.Outcome == Decision.Kept).OrderBy(x => x.Id).First();
        var address = VectorAddress.Parse(victim.Embedding!.VectorAddress);
        var path = ((BlobStore)f.Service<IBlobStore>()).PathOf(address.Blob);
        var original = await File.ReadAllBytesAsync(path);
        var tampered = original.ToArray();
        var at = FloatMatrixBlob.HeaderBytes + 4 * (address.Row * victim.Embedding.Dimension + 3);
        BitConverter.GetBytes(BitConverter.ToSingle(tampered, at) + 0.25f).CopyTo(tampered, at);
        try
        {
            await File.WriteAllBytesAsync(path, tampered);
            var report = (await f.Service<VersionAuditor>().AuditAsync(versionId, CancellationToken.None))!;

            var difference = Assert.Single(report.Stages.SelectMany(s => s.Differences));
            Assert.Equal(("embed", victim.Id, "storedVector"), (difference.Stage, difference.Subject, difference.Field));
            Assert.Contains(victim.Embedding.VectorSha256, difference.Recorded);
            Assert.Contains("now hashes to", difference.Rederived);
            Assert.False(report.Clean);
        }
        finally
        {
            await File.WriteAllBytesAsync(path, original);
        }
    }

    [Fact]
    public async Task another_grader_is_reported_for_exactly_the_verdicts_it_changes()
    {
        var (runId, versionId) = await f.VersionAsync();
        var lineages = await f.LineagesAsync(runId);
        var changed = lineages.Where(x => x.Verification is { Passed: true, Method: "expected-answer" }
                                          && long.TryParse(x.Generated!.ExpectedAnswer, out var n) && n % 2 == 0)
            .Select(x => x.Id).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(changed);

        var report = (await Auditor((IAnswerGrader)new EvenRefusingGrader()).AuditAsync(versionId, CancellationToken.None))!;

        var verify = report.Stages.Single(s => s.Stage == "verify");
        Assert.Equal(changed, ExampleSubjects(verify).Order(StringComparer.Ordinal));
        Assert.All(verify.Differences.Where(d => d.Subject.StartsWith("run-")), d =>
        {
            Assert.StartsWith("ExampleVerified", d.Recorded);
            Assert.StartsWith("ExampleRejected", d.Rederived);
        });
        // The batch summaries of exactly the batches holding them differ too.
        var batches = lineages.Where(x => changed.Contains(x.Id)).Select(x => $"round {x.Round} batch {x.Batch} BatchVerified").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(batches, verify.Differences.Select(d => d.Subject).Where(s => s.StartsWith("round ")).Distinct().Order(StringComparer.Ordinal));
        Assert.All(report.Stages.Where(s => s.Stage != "verify"), s => Assert.Empty(s.Differences));
    }

    [Fact]
    public async Task a_tighter_rule_threshold_is_reported_for_exactly_the_decisions_it_changes()
    {
        var (runId, versionId) = await f.VersionAsync();
        var lineages = await f.LineagesAsync(runId);
        var candidates = lineages.Where(x => x.Origin == "generated" && x.Verification!.Passed).ToList();
        var lengths = candidates.Where(x => x.Outcome == Decision.Kept).Select(Length).Order().ToList();
        var max = lengths[lengths.Count * 3 / 4] - 1;
        // Too long now and decided by a later rule before: the length rule, which runs first, decides them now.
        var nowLength = candidates.Where(x => Length(x) > max && x.Rule != LengthRule.RuleName).Select(x => x.Id).ToHashSet();
        // Decided the same way, but their recorded evidence holds the maximum (kept ones, drops by length).
        var thresholdOnly = candidates.Where(x => x.Decision!.Evidence.MaxLength is not null && !nowLength.Contains(x.Id)).Select(x => x.Id).ToHashSet();
        // A copy dropped as a duplicate of a kept one that is now too long may be kept: the only knock-on a tighter length has.
        var copies = candidates.Where(x => x.Decision!.Evidence.DuplicateOf is { } first && nowLength.Contains(first)).Select(x => x.Id).ToHashSet();
        Assert.Contains(nowLength, id => lineages.Single(x => x.Id == id).Outcome == Decision.Kept);
        Assert.Contains(nowLength, id => lineages.Single(x => x.Id == id).Outcome == Decision.Dropped);

        var report = (await Auditor(new TighterLength(f.Service<BenchmarkIndexes>(), max)).AuditAsync(versionId, CancellationToken.None))!;

        var filter = report.Stages.Single(s => s.Stage == "filter");
        var bySubject = filter.Differences.Where(d => d.Subject.StartsWith("run-")).GroupBy(d => d.Subject).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Superset(nowLength.Union(thresholdOnly).ToHashSet(), bySubject.Keys.ToHashSet());
        Assert.Subset(nowLength.Union(thresholdOnly).Union(copies).ToHashSet(), bySubject.Keys.ToHashSet());
        foreach (var id in nowLength)
        {
            var d = bySubject[id];
            var verdict = d.SingleOrDefault(x => x.Field == "(event)");
            if (verdict is not null)
            {
                Assert.StartsWith("ExampleKept", verdict.Recorded);
                Assert.StartsWith("ExampleDropped by length: too long", verdict.Rederived);
                Assert.Contains($"> maximum {max}", verdict.Rederived);
            }
            else
                Assert.Equal(("\"" + lineages.Single(x => x.Id == id).Rule + "\"", "\"length\""), d.Where(x => x.Field == "rule").Select(x => (x.Recorded, x.Rederived)).Single());
        }
        foreach (var id in thresholdOnly.Except(copies))
        {
            Assert.Subset(new HashSet<string> { "evidence.maxLength", "reason" }, bySubject[id].Select(d => d.Field).ToHashSet());
            Assert.Equal(("1200", max.ToString()), bySubject[id].Where(d => d.Field == "evidence.maxLength").Select(d => (d.Recorded, d.Rederived)).Single());
        }
        Assert.All(report.Stages.Where(s => s.Stage != "filter"), s => Assert.Empty(s.Differences));
    }
}
