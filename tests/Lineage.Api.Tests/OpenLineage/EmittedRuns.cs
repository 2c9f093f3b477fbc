using System.Text.Json.Nodes;
using Lineage.Api.OpenLineage;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>What a run must have emitted, worked out from its config (not from the stage table), and the checks every sink's test shares.</summary>
public static class EmittedRuns
{
    public static Guid Uuid(string key) => NameBasedUuid.V5(NameBasedUuid.LineageNamespace, key);

    /// <summary>The stage runs of a run of <paramref name="config"/> that made <paramref name="rounds"/> rounds, by key.</summary>
    public static IReadOnlyList<(string Key, string Stage)> StageRuns(string runId, PipelineConfig config, int rounds)
    {
        var run = $"run:{runId}";
        var keys = new List<(string, string)>();
        if (config.Seeds is not null) keys.Add(($"{run}:seeds", "seeds"));
        if (config.Seeds is not null && config.Diversity is not null) keys.Add(($"{run}:r0:embed:0", "embed"));
        for (var r = 1; r <= rounds; r++)
        {
            keys.Add(($"{run}:r{r}:round", "round"));
            var batchStages = config.Diversity is null ? new[] { "generate", "verify" } : ["generate", "verify", "embed"];
            foreach (var stage in batchStages)
                for (var b = 0; b < config.BatchesPerRound; b++) keys.Add(($"{run}:r{r}:{stage}:{b}", stage));
            if (config.Diversity is not null) keys.Add(($"{run}:r{r}:cluster", "cluster"));
            keys.Add(($"{run}:r{r}:filter", "filter"));
        }
        keys.Add(($"{run}:seal", "seal"));
        return keys;
    }

    /// <summary>The events of one Lineage run among everything a sink received (a run's own and its stage runs').</summary>
    public static List<JsonObject> Of(IEnumerable<JsonObject> received, string runId) =>
        [.. received.Where(e => (string?)(e["run"]?["facets"]?["lineage_run"] ?? e["run"]?["facets"]?["lineage_stage"])?["runId"] == runId)];

    public static bool HasCompleted(IEnumerable<JsonObject> events, string runId) =>
        events.Any(e => (string?)e["eventType"] == "COMPLETE" && (string?)e["run"]?["runId"] == Uuid($"run:{runId}").ToString());

    /// <summary>
    /// One START then one COMPLETE for the run and for each stage run, under the expected UUID, job and parent, and
    /// nothing else; every event valid against the OpenLineage schema and the schemas of its facets.
    /// </summary>
    public static void AssertPairs(IReadOnlyList<JsonObject> events, string runId, string pipeline, string ns, IReadOnlyList<(string Key, string Stage)> stageRuns)
    {
        Assert.All(events, e => Assert.Empty(OpenLineageSchema.Violations(e.ToJsonString())));
        var runUuid = Uuid($"run:{runId}").ToString();
        var expected = stageRuns.Select(s => (Id: Uuid(s.Key).ToString(), Job: $"{pipeline}.{s.Stage}", s.Key)).Prepend((Id: runUuid, Job: pipeline, Key: $"run:{runId}"));
        foreach (var (id, job, key) in expected)
        {
            var mine = events.Where(e => (string?)e["run"]!["runId"] == id).ToList();
            Assert.True(mine.Count == 2, $"{key}: {mine.Count} events ({string.Join(", ", mine.Select(e => e["eventType"]))})");
            Assert.Equal(["START", "COMPLETE"], mine.Select(e => (string)e["eventType"]!));
            Assert.True(DateTimeOffset.Parse((string)mine[0]["eventTime"]!) <= DateTimeOffset.Parse((string)mine[1]["eventTime"]!), $"{key} completed before it started");
            Assert.All(mine, e => Assert.Equal((ns, job), ((string)e["job"]!["namespace"]!, (string)e["job"]!["name"]!)));
            if (id != runUuid)
                Assert.All(mine, e => Assert.Equal(runUuid, (string)e["run"]!["facets"]!["parent"]!["run"]!["runId"]!));
        }
        Assert.Equal(2 * (stageRuns.Count + 1), events.Count);
    }

    public static JsonObject Single(IEnumerable<JsonObject> events, string key, string type) =>
        Assert.Single(events, e => (string?)e["run"]!["runId"] == Uuid(key).ToString() && (string?)e["eventType"] == type);
}
