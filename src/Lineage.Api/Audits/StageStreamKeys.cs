using System.Globalization;
using System.Text.RegularExpressions;
using Lineage.Api.Versions;

namespace Lineage.Api.Audits;

/// <summary>The (round, batch) coordinates of a run's batch streams of one stage, in order, read from the log's stream keys.</summary>
public static partial class StageStreamKeys
{
    public static IReadOnlyList<(int Round, int Batch)> Batches(VersionLog log, string stage) =>
        log.Streams.Keys
            .Select(k => Batch().Match(k))
            .Where(m => m.Success && m.Groups["run"].Value == log.RunId && m.Groups["stage"].Value == stage)
            .Select(m => (int.Parse(m.Groups["round"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["batch"].Value, CultureInfo.InvariantCulture)))
            .Order()
            .ToList();

    [GeneratedRegex(@"^run:(?<run>[^:]+):r(?<round>\d+):(?<stage>[a-z]+):(?<batch>\d+)$")]
    private static partial Regex Batch();
}
