using Lineage.Domain.Hashing;
using Lineage.Domain.Runs;

namespace Lineage.Domain.Forks;

/// <summary>
/// A fork's ids come from its parent version and its overrides alone, so forking the same version with the same
/// settings twice finds the first fork. Its run id has a run's shape, so its examples, streams and version are named
/// as a run's are (<see cref="RunIds"/>).
/// </summary>
public static class ForkIds
{
    public static string Run(string parentVersionId, IReadOnlyDictionary<string, string> overrides) =>
        "run-" + Sha256Hex.Of("fork\n" + parentVersionId + "\n" + CanonicalJson.Serialize(new SortedDictionary<string, string>(
            overrides.ToDictionary(), StringComparer.Ordinal)))[..12];

    /// <summary>One stream per forked round: its carried examples, re-clustering, decisions and summary.</summary>
    public static string RoundStream(string forkRunId, int round) => $"{RunIds.Streams.Round(forkRunId, round)}:fork";
}
