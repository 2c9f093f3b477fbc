using Lineage.Domain.Hashing;

namespace Lineage.Domain.Runs;

/// <summary>
/// Every id and stream key in Lineage is derived from explicit inputs, so that re-running a
/// command or redelivering a message addresses the same stream and appends nothing new.
/// </summary>
public static class RunIds
{
    /// <summary>A run is determined by its pipeline, the config it ran with, its seed and an optional label.</summary>
    public static string Run(string pipeline, string configHash, long seed, string? label = null) =>
        "run-" + Sha256Hex.Of($"{pipeline}\n{configHash}\n{seed}\n{label ?? ""}")[..12];

    public static string Version(string runId) => "ver-" + runId["run-".Length..];

    public static string Example(string runId, int round, int batch, int index) =>
        $"{runId}-{round}-{batch}-{index}";

    public static string Seed(string runId, int line) => $"{runId}-seed-{line}";

    public static string Clustering(string runId, int round) => $"{runId}-c{round}";

    public static class Streams
    {
        public static string Pipeline(string name) => $"pipeline:{name}";
        public static string Run(string runId) => $"run:{runId}";
        public static string Seeds(string runId) => $"run:{runId}:seeds";
        public static string Round(string runId, int round) => $"run:{runId}:r{round}";
        public static string Generate(string runId, int round, int batch) => $"run:{runId}:r{round}:generate:{batch}";
        public static string Verify(string runId, int round, int batch) => $"run:{runId}:r{round}:verify:{batch}";
        public static string Embed(string runId, int round, int batch) => $"run:{runId}:r{round}:embed:{batch}";
        public static string Cluster(string runId, int round) => $"run:{runId}:r{round}:cluster";
        public static string Filter(string runId, int round) => $"run:{runId}:r{round}:filter";
        public static string Failures(string runId) => $"run:{runId}:failures";
        /// <summary>The version id itself: the version document is keyed by its stream.</summary>
        public static string Version(string versionId) => versionId;
        /// <summary>All of a run's streams share this prefix.</summary>
        public static string RunPrefix(string runId) => $"run:{runId}";
    }
}
