using System.Globalization;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Filters.Rules;
using Marten;

namespace Lineage.Api.Cli;

/// <summary>Per round: the pool clustered, its threshold, what was kept, and G-Vendi before and after.</summary>
public static class RoundSummary
{
    public static async Task WriteAsync(IQuerySession session, RunStarted run, TextWriter output, CancellationToken ct)
    {
        var clusterings = (await session.Events.QueryRawEventDataOnly<ClusteringCompleted>().Where(c => c.RunId == run.RunId).ToListAsync(ct))
            .ToDictionary(c => c.Round);
        var filtered = (await session.Events.QueryRawEventDataOnly<RoundFiltered>().Where(f => f.RunId == run.RunId).ToListAsync(ct))
            .OrderBy(f => f.Round);
        var r = run.Config.Diversity?.R ?? SparseClusterPool.DefaultRank;
        var inv = CultureInfo.InvariantCulture;
        // Plain columns rather than a console table: the demo's output is read from logs as often as from a terminal.
        output.WriteLine("round  pool    k  threshold  pool G-Vendi  kept  dropped  by sparse-cluster  G-Vendi after");
        foreach (var f in filtered)
        {
            clusterings.TryGetValue(f.Round, out var c);
            var threshold = c is null ? "-" : SparseClusterPool.Of(c, r)?.Threshold.ToString(inv) ?? "-";
            output.WriteLine(string.Format(inv, "{0,5}  {1,4}  {2,3}  {3,9}  {4,12}  {5,4}  {6,7}  {7,17}  {8,13}",
                f.Round, c?.PoolSize.ToString(inv) ?? "-", c?.K.ToString(inv) ?? "-", threshold,
                c is null ? "-" : c.PoolGVendi.ToString("0.00", inv), f.Kept, f.Dropped,
                f.DroppedByRule.GetValueOrDefault(SparseClusterRule.RuleName), f.GVendi?.ToString("0.00", inv) ?? "-"));
        }
    }
}
