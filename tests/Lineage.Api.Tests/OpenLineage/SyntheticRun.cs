using Lineage.Api.OpenLineage;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>
/// A run's committed events written by hand, in an order the platform can commit them in (batches of one stage
/// finishing out of order, the next stage's batches overlapping): seeds, diversity and decontamination on, two
/// rounds of two batches. The stage runs it must yield are listed separately, from the config, in <see cref="StageRunKeys"/>.
/// </summary>
public static class SyntheticRun
{
    public const string RunId = "run-0123456789ab";
    public const string Pipeline = "synthetic";
    public const string SeedFile = "/data/seeds.jsonl";
    public const string BenchmarkFile = "/data/benchmark.jsonl";
    public static readonly string SeedSha = new('a', 64);
    public static readonly string BenchmarkSha = new('b', 64);
    public static readonly string ManifestHash = new('c', 64);
    public static readonly string WeightsSha = new('d', 64);
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly PipelineConfig Config = new()
    {
        Rounds = 2,
        BatchesPerRound = 2,
        BatchSize = 8,
        Seeds = new SeedPoolConfig { File = SeedFile, Limit = 10, Sha256 = SeedSha },
        Decontamination = new DecontaminationConfig { Files = [BenchmarkFile], Sha256s = [BenchmarkSha] },
        Diversity = new DiversityConfig(),
    };

    public static readonly RunStarted Started = new(RunId, Pipeline, Config, Config.Hash(), 42, null, "ver-parent000000", T0);

    public static readonly VersionSealed Sealed = new(RunId, RunIds.Version(RunId), "ver-parent000000", Pipeline, Config.Hash(),
        ExampleCount: 11, Generated: 32, Kept: 11, Dropped: 21,
        DroppedByRule: new Dictionary<string, int> { ["verification"] = 5, ["sparse-cluster"] = 16 },
        Metrics: new Dictionary<string, double> { ["gvendi.round1"] = 0.25, ["gvendi.round2"] = 0.375 },
        ManifestHash, T0.AddMinutes(30));

    public static IReadOnlyList<object> Events()
    {
        var events = new List<object> { Started, new SeedsImported(RunId, SeedFile, 10), new BatchEmbedded(RunId, 0, 0, 10, "default", WeightsSha) };
        foreach (var r in new[] { 1, 2 })
        {
            events.Add(new RoundStarted(RunId, r, 2, 8, T0));
            events.Add(new CandidatesGenerated(RunId, r, 1, 8, 0));
            events.Add(new CandidatesGenerated(RunId, r, 0, 8, 0));
            events.Add(new BatchVerified(RunId, r, 1, 6, 2));
            events.Add(new BatchVerified(RunId, r, 0, 7, 1));
            events.Add(new BatchEmbedded(RunId, r, 0, 7, "default", WeightsSha));
            events.Add(new BatchEmbedded(RunId, r, 1, 6, "default", WeightsSha));
            events.Add(new ClusteringCompleted(RunId, r, RunIds.Clustering(RunId, r), 20 + r, 3, 9, true, 0.5, 17, "sha256:00", [10, 7, 4], 0.125 * r));
            events.Add(new RoundFiltered(RunId, r, 5 + r, 11 - r, new Dictionary<string, int> { ["verification"] = 3, ["sparse-cluster"] = 8 - r }, 0.25 * r, 11));
        }
        events.Add(Sealed);
        events.Add(new RunCompleted(RunId, Sealed.VersionId, T0.AddMinutes(30)));
        return events;
    }

    /// <summary>Every stage run of the config, as the keys docs/openlineage.md gives them.</summary>
    public static IReadOnlyList<string> StageRunKeys()
    {
        var run = $"run:{RunId}";
        var keys = new List<string> { $"{run}:seeds", $"{run}:r0:embed:0" };
        foreach (var r in new[] { 1, 2 })
        {
            keys.Add($"{run}:r{r}:round");
            foreach (var stage in new[] { "generate", "verify", "embed" })
                keys.AddRange([$"{run}:r{r}:{stage}:0", $"{run}:r{r}:{stage}:1"]);
            keys.AddRange([$"{run}:r{r}:cluster", $"{run}:r{r}:filter"]);
        }
        keys.Add($"{run}:seal");
        return keys;
    }

    /// <summary>Maps the events in order, one second apart, counting batch completions the way the subscription does.</summary>
    public static IReadOnlyList<RunEvent> Map(RunEventMapper mapper, IEnumerable<object> events)
    {
        var output = new List<RunEvent>();
        var seen = new List<object>();
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            seen.Add(e);
            var completed = e is IBatchEvent b ? seen.Count(x => x.GetType() == e.GetType() && ((IRoundEvent)x).Round == b.Round) : 0;
            output.AddRange(mapper.Map(new CommittedEvent(e, T0.AddSeconds(i)), Started, completed, e is RunCompleted ? Sealed : null));
        }
        return output;
    }
}
