using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Api.Audits;
using Lineage.Api.Examples;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Stages.Filtering;
using Lineage.Api.Stages.Verification;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Filters.Rules;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// A pipeline defined as <c>{"recipe": "prismatic"}</c> plus what a deployment must name (teacher, seeds, proxy
/// folder) and a small size, run through every stage to a sealed version: the tiny Qwen2 fixture as the proxy in
/// exact bfloat16 mode, a teacher of known answers over HTTP. Every recorded vote, k-means and sparse-cluster
/// decision is then recomputed by <see cref="OfficialRules"/> from what the events store (the solutions, the vectors,
/// the sizes). Two rounds of 8 problems: round 1's pool is the 12 seeds (K = 1, so the fallback decides), round 2's
/// the seeds and round 1's kept.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PrismaticRecipeRunSpecs(RecipeFixture f) : IClassFixture<RecipeFixture>
{
    private const int Problems = 8;

    private sealed record RecipeRun(string RunId, RunStatus Status, IReadOnlyList<ExampleGenerated> Generated,
        IReadOnlyDictionary<string, IExampleEvent> Verdicts, IReadOnlyList<ClusteringCompleted> Clusterings,
        IReadOnlyList<ExampleAssignedToCluster> Assignments, IReadOnlyDictionary<string, IExampleEvent> Decisions,
        IReadOnlyDictionary<string, ExampleLineage> Lineages);

    private string Body() => new JsonObject
    {
        ["name"] = "prismatic-e2e",
        ["config"] = new JsonObject
        {
            ["recipe"] = "prismatic",
            ["rounds"] = 2,
            ["batchesPerRound"] = 1,
            ["batchSize"] = Problems,
            ["generator"] = new JsonObject { ["endpoint"] = "scripted", ["model"] = ScriptedTeacherServer.ModelId },
            ["seeds"] = new JsonObject { ["file"] = f.SeedFile, ["limit"] = RecipeFixture.SeedCount },
            ["diversity"] = new JsonObject { ["proxyModel"] = f.ProxyFolder },
        },
    }.ToJsonString();

    private Task<RecipeRun> RunAsync() => f.OnceAsync(async () =>
    {
        await f.ResetAsync();
        using (var define = await f.Client.PutAsync("/pipelines", new StringContent(Body(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, define.StatusCode);
        var runId = await PipelineRuns.StartAsync(f, "prismatic-e2e", seed: 3);
        var status = await PipelineRuns.WaitForVersionAsync(f, runId);
        await using var session = f.Store.QuerySession();
        async Task<List<T>> Events<T>() where T : IExampleEvent =>
            [.. await session.Events.QueryRawEventDataOnly<T>().Where(e => e.RunId == runId).ToListAsync()];
        var verdicts = (await Events<ExampleVerified>()).Cast<IExampleEvent>().Concat(await Events<ExampleRejected>());
        var decisions = (await Events<ExampleKept>()).Cast<IExampleEvent>().Concat(await Events<ExampleDropped>());
        var clusterings = await session.Events.QueryRawEventDataOnly<ClusteringCompleted>().Where(e => e.RunId == runId).ToListAsync();
        var lineages = await session.Query<ExampleLineage>().Where(x => x.RunId == runId).ToListAsync();
        return new RecipeRun(runId, status, (await Events<ExampleGenerated>()).OrderBy(e => e.Round).ThenBy(e => e.Index).ToList(),
            verdicts.ToDictionary(e => e.ExampleId, StringComparer.Ordinal), clusterings.OrderBy(c => c.Round).ToList(),
            await Events<ExampleAssignedToCluster>(), decisions.ToDictionary(e => e.ExampleId, StringComparer.Ordinal),
            lineages.ToDictionary(x => x.Id, StringComparer.Ordinal));
    });

    [Fact]
    public async Task the_stored_config_holds_the_recipes_concrete_values_with_the_pipelines_own()
    {
        var run = await RunAsync();
        var c = run.Status.Config;
        Assert.Equal(("prismatic", "scripted", 2, Problems), (c.Recipe, c.Generator.Endpoint, c.Rounds, c.BatchSize));
        Assert.Equal(("top-tied", true, "whole-output", (int?)300), (c.Verification.Vote, c.Verification.ExamplePerSolution, c.Verification.AnswerFrom, c.Verification.MaxAnswerChars));
        Assert.Equal(("exact", 1024, "bfloat16", "first-k", true), (c.Diversity!.Mode, c.Diversity.Dimension, c.Diversity.ProxyDType, c.Diversity.KMeans, c.Diversity.KeepAllWhenNoneSparse));
        Assert.Equal((5, 2, 0.95), (c.Generator.FewShots, c.Generator.ProblemsPerCall, c.Generator.SolutionTopP));
        Assert.Null(c.Length);
        // Five few-shot parents a call, as many as the recipe asks for, each a seed or a kept example of an earlier round.
        Assert.All(run.Generated, e => Assert.Equal(5, e.ParentExampleIds.Distinct().Count()));
        Assert.All(run.Generated.Where(e => e.Round == 2), e => Assert.All(e.ParentExampleIds, p =>
            Assert.True(run.Lineages[p].Origin == "seed" || (run.Lineages[p].Round == 1 && run.Lineages[p].Outcome == Decision.Kept), p)));
    }

    [Fact]
    public async Task every_sample_is_its_own_example_kept_exactly_when_the_papers_vote_keeps_it()
    {
        var run = await RunAsync();
        var problems = run.Generated.GroupBy(e => (e.Round, Problem: e.Index / 3)).ToList();
        Assert.Equal(2 * Problems, problems.Count);
        var keptByCase = new Dictionary<int, HashSet<int>>();
        foreach (var problem in problems)
        {
            var samples = problem.OrderBy(e => e.Index).ToList();
            Assert.Equal(3, samples.Count);
            Assert.Equal(["0", "1", "2"], samples.Select(s => s.Attributes["sample"]));
            // The answers recomputed from each stored completion alone, then voted on by the paper's rule.
            var answers = samples.Select(s => OfficialRules.Answer(s.Solution)).ToList();
            Assert.Equal(JsonSerializer.Serialize(answers), samples[0].Attributes["answers"]);
            var kept = OfficialRules.Vote(answers);
            for (var k = 0; k < 3; k++)
                Assert.True(kept[k] == run.Verdicts[samples[k].ExampleId] is ExampleVerified,
                    $"{samples[k].ExampleId}: the paper's vote says {(kept[k] ? "keep" : "drop")} over [{string.Join(", ", answers)}]");
            var @case = int.Parse(samples[0].Problem["Case ".Length..samples[0].Problem.IndexOf(':')]);
            (keptByCase.TryGetValue(@case, out var seen) ? seen : keptByCase[@case] = []).Add(kept.Count(x => x));

            // Sample 1's reasoning came in reasoning_content: its completion holds it, and the events keep it apart too.
            Assert.StartsWith("<think>\nCount the apples", samples[1].Solution);
            Assert.StartsWith("Count the apples", samples[1].Attributes["reasoning.solution"]);
        }
        // The table's rows: [x,x,x] 3, [x,x,y] 2, [x,y,z] 3, [x,y,none] 2, [x,none,none] 0, each met at least once.
        var table = new Dictionary<int, int> { [0] = 3, [1] = 2, [2] = 3, [3] = 2, [4] = 0 };
        foreach (var (row, count) in table)
            Assert.True(keptByCase.TryGetValue(row, out var seen) && seen.SetEquals([count]), $"table row {row}: kept {string.Join("/", keptByCase.GetValueOrDefault(row) ?? [])}, expected {count}");
    }

    [Fact]
    public async Task each_round_is_clustered_by_first_k_k_means_with_k_a_tenth_of_the_pool_recomputed_from_the_stored_vectors()
    {
        var run = await RunAsync();
        Assert.Equal([1, 2], run.Clusterings.Select(c => c.Round));
        var vectors = f.Service<EmbeddingVectors>();
        foreach (var clustering in run.Clusterings)
        {
            var pool = run.Lineages.Values
                .Where(x => x.Origin == "seed" || (x.Round < clustering.Round && x.Outcome == Decision.Kept))
                .OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
            Assert.Equal(pool.Count, clustering.PoolSize);
            Assert.Equal(OfficialRules.K(pool.Count), clustering.K);
            Assert.Equal(20, clustering.Iterations);

            var rows = Rows(vectors, pool);
            var (labels, sizes, centroids) = OfficialRules.KMeans(rows, clustering.K);
            Assert.Equal(sizes, clustering.Sizes);
            var candidates = run.Assignments.Where(a => a.ClusteringId == clustering.ClusteringId).ToList();
            Assert.NotEmpty(candidates);
            var candidateRows = Rows(vectors, candidates.Select(a => run.Lineages[a.ExampleId]).ToList());
            for (var i = 0; i < candidates.Count; i++)
            {
                Assert.Equal(OfficialRules.Nearest(candidateRows[i], centroids), candidates[i].ClusterId);
                Assert.Equal(sizes[candidates[i].ClusterId], candidates[i].ClusterSize);
            }
        }
        // Round 1 clusters the 12 seeds into ⌊1.2⌋ = 1 cluster.
        Assert.Equal(1, run.Clusterings[0].K);
    }

    [Fact]
    public async Task each_candidate_is_kept_by_the_papers_threshold_or_its_fallback_and_the_evidence_says_which()
    {
        var run = await RunAsync();
        var fallbacks = 0;
        foreach (var clustering in run.Clusterings)
        {
            var (threshold, fallback) = OfficialRules.Sparse(clustering.Sizes);
            foreach (var a in run.Assignments.Where(a => a.ClusteringId == clustering.ClusteringId))
            {
                var keep = fallback || a.ClusterSize < threshold;
                var decision = run.Decisions[a.ExampleId];
                Assert.True(keep == decision is ExampleKept, $"{a.ExampleId} in a cluster of {a.ClusterSize}, threshold {threshold}, fallback {fallback}");
                var (evidence, reason) = decision switch
                {
                    ExampleKept k => (k.Evidence, k.Reason),
                    ExampleDropped d => (d.Evidence, d.Reason),
                    _ => throw new InvalidOperationException(),
                };
                Assert.Equal(threshold, evidence.Threshold);
                Assert.Equal(fallback ? true : null, evidence.SparseFallback);
                Assert.Equal(fallback, reason.Contains("by the fallback every cluster accepts", StringComparison.Ordinal));
                if (fallback) fallbacks++;
            }
        }
        // Round 1's single cluster is its own threshold: only the fallback keeps anything there.
        Assert.True(OfficialRules.Sparse(run.Clusterings[0].Sizes).Fallback);
        Assert.True(fallbacks > 0);
        // Only the sparse-cluster rule judges: the recipe has no length, duplicate or contamination filter.
        Assert.All(run.Decisions.Values.OfType<ExampleDropped>(), d => Assert.Equal("sparse-cluster", d.Rule));
    }

    [Fact]
    public async Task why_shows_every_vote_of_a_rejected_sample()
    {
        var run = await RunAsync();
        var rejected = run.Verdicts.Values.OfType<ExampleRejected>().First(r => r.Votes.Any(v => v.Answer == "(no answer)"));
        var why = await f.GetAsync<LineageResponse>($"/examples/{rejected.ExampleId}/lineage");
        var line = Assert.Single(why.Why, l => l.StartsWith("rejected (top-tied-vote)", StringComparison.Ordinal));
        foreach (var v in rejected.Votes) Assert.Contains($"{v.Answer}×{v.Count}", line);
        Assert.Contains("no answer ×", line);
    }

    /// <summary>The stage's rules with the recipe's sparse-cluster fallback switched off.</summary>
    private sealed class NoFallback(BenchmarkIndexes benchmarks) : RuleFactory(benchmarks)
    {
        public override IReadOnlyList<ICandidateRule> For(PipelineConfig config, IReadOnlyList<IPoolExample> pool, RecordedClustering? clustering) =>
            base.For(config with { Diversity = config.Diversity! with { KeepAllWhenNoneSparse = false } }, pool, clustering);
    }

    [Fact]
    public async Task an_audit_re_derives_the_recipes_votes_first_k_clusterings_and_fallbacks_with_every_decision_matching()
    {
        var run = await RunAsync();
        var versionId = run.Status.VersionId!;

        var report = (await f.Service<VersionAuditor>().AuditAsync(versionId, CancellationToken.None))!;

        Assert.True(report.Clean, string.Join("\n", report.Stages.SelectMany(s => s.Differences).Take(20).Select(d => $"{d.Stage} {d.Subject} {d.Field}: {d.Recorded} | {d.Rederived}")));
        var stage = report.Stages.ToDictionary(s => s.Stage);
        // Every verdict, placement and decision was looked at (one batch a round: one summary each), counted from the
        // events this spec read, not from the audit.
        Assert.Equal(run.Generated.Count + 2, stage["verify"].Checked);
        Assert.Equal(run.Assignments.Count + 2, stage["cluster"].Checked);
        Assert.Equal(run.Decisions.Count + 2, stage["filter"].Checked);
        // The clean verdicts are not Lineage's defaults: under the default strict majority some recorded verdict comes out otherwise.
        Assert.Contains(run.Generated, e => CandidateVerifier.Verify(e).GetType() != run.Verdicts[e.ExampleId].GetType());
        Assert.Contains(run.Verdicts.Values, v => v is ExampleVerified { Method: VoteVerdict.TopTied });

        // Without the fallback the audit reports exactly the candidates the fallback kept, in the filter stage only.
        var fallbackKept = run.Decisions.Values.OfType<ExampleKept>().Where(k => k.Evidence.SparseFallback == true).Select(k => k.ExampleId).ToHashSet();
        Assert.NotEmpty(fallbackKept);
        var strict = (await ActivatorUtilities.CreateInstance<VersionAuditor>(f.App.Services,
            (RuleFactory)new NoFallback(f.Service<BenchmarkIndexes>())).AuditAsync(versionId, CancellationToken.None))!;
        Assert.All(strict.Stages.Where(s => s.Stage != "filter"), s => Assert.Empty(s.Differences));
        var filter = strict.Stages.Single(s => s.Stage == "filter");
        Assert.Equal(fallbackKept, filter.Differences.Select(d => d.Subject).Where(x => !x.StartsWith("round ", StringComparison.Ordinal)).ToHashSet());
        Assert.All(filter.Differences.Where(d => fallbackKept.Contains(d.Subject)), d =>
            Assert.StartsWith("ExampleDropped by sparse-cluster", d.Rederived, StringComparison.Ordinal));
    }

    private static double[][] Rows(EmbeddingVectors vectors, IReadOnlyList<ExampleLineage> examples)
    {
        using var matrix = vectors.Load(examples.Select(x => new StoredVector(x.Embedding!.VectorAddress, x.Embedding.VectorSha256)).ToList(), 1024);
        var flat = matrix.data<float>().ToArray();
        return Enumerable.Range(0, examples.Count).Select(i => flat.AsSpan(i * 1024, 1024).ToArray().Select(v => (double)v).ToArray()).ToArray();
    }
}
