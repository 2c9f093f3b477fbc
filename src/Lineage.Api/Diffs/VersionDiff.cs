using Lineage.Api.Stages;
using Lineage.Api.Stages.Clustering;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Versions;
using Lineage.Filters.Diversity;
using Marten;
using static TorchSharp.torch;

namespace Lineage.Api.Diffs;

/// <summary>How one side decided an example: its id there, the decision, the rule and its evidence, and its content hash.</summary>
public sealed record DiffSide(string ExampleId, string Decision, string? Rule, string? Reason, DecisionEvidence? Evidence, string Content);

/// <summary>An example in one version and not the other (<c>only-a</c>, <c>only-b</c>), or in both with other content (<c>changed</c>).</summary>
public sealed record DiffItem(string Key, string Change, DiffSide? A, DiffSide? B);

/// <summary>
/// Counts and diversity of a diff. <see cref="OnlyInAByRule"/> counts the examples only A keeps by what B did with them
/// (the rule that dropped them there, or <c>not generated</c>); <see cref="OnlyInBByRule"/> likewise the other way.
/// </summary>
public sealed record DiffSummary(
    string VersionA, string VersionB, int OnlyInA, int OnlyInB, int Changed, int Same,
    IReadOnlyDictionary<string, int> OnlyInAByRule, IReadOnlyDictionary<string, int> OnlyInBByRule,
    double? GVendiA, double? GVendiB, double? GVendiSymmetricDifference, string? GVendiNote);

public sealed record VersionDiff(DiffSummary Summary, IReadOnlyList<DiffItem> Items);

/// <summary>
/// Example-level difference of two sealed versions. Examples are paired by the run example they go back to
/// (<see cref="ExampleLineage.OriginId"/>: a fork's example pairs with its parent's), members are each version's sealed
/// manifest, and content is compared without the id (problem, solution, answer), so a fork's unchanged example is the same.
/// </summary>
public sealed class VersionDiffer(IDocumentStore store, PoolVectors vectors, ComputeDevice compute)
{
    public const string NotGenerated = "not generated";

    public async Task<VersionDiff?> DiffAsync(string a, string b, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sideA = await SideAsync(session, a, ct);
        var sideB = await SideAsync(session, b, ct);
        if (sideA is null || sideB is null) return null;

        var items = new List<DiffItem>();
        var same = 0;
        foreach (var key in sideA.Kept.Keys.Union(sideB.Kept.Keys).Order(StringComparer.Ordinal))
        {
            var (inA, inB) = (sideA.Kept.GetValueOrDefault(key), sideB.Kept.GetValueOrDefault(key));
            if (inA is not null && inB is not null)
            {
                if (Content(inA) == Content(inB)) same++;
                else items.Add(new DiffItem(key, "changed", Side(inA), Side(inB)));
            }
            else if (inA is not null) items.Add(new DiffItem(key, "only-a", Side(inA), sideB.All.GetValueOrDefault(key) is { } x ? Side(x) : null));
            else items.Add(new DiffItem(key, "only-b", sideA.All.GetValueOrDefault(key) is { } x ? Side(x) : null, Side(inB!)));
        }
        items = [.. items.OrderBy(i => i.Change, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal)];

        var onlyA = items.Where(i => i.Change == "only-a").ToList();
        var onlyB = items.Where(i => i.Change == "only-b").ToList();
        var (gA, gB, gSym, note) = Diversity(sideA.Kept.Values.ToList(), sideB.Kept.Values.ToList(),
            onlyA.Select(i => sideA.Kept[i.Key]).Concat(onlyB.Select(i => sideB.Kept[i.Key])).ToList());
        var summary = new DiffSummary(a, b, onlyA.Count, onlyB.Count, items.Count(i => i.Change == "changed"), same,
            ByRule(onlyA.Select(i => i.B)), ByRule(onlyB.Select(i => i.A)), gA, gB, gSym, note);
        return new VersionDiff(summary, items);
    }

    private sealed record VersionSide(IReadOnlyDictionary<string, ExampleLineage> Kept, IReadOnlyDictionary<string, ExampleLineage> All);

    private static async Task<VersionSide?> SideAsync(IQuerySession session, string versionId, CancellationToken ct)
    {
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        var manifest = await session.LoadAsync<DatasetManifest>(versionId, ct);
        if (version is null || manifest is null) return null;
        var runId = version.Sealed.RunId;
        var all = (await session.Query<ExampleLineage>().Where(x => x.RunId == runId && x.Origin == "generated").ToListAsync(ct))
            .ToDictionary(x => x.OriginId, StringComparer.Ordinal);
        var members = manifest.Entries.Select(e => e.ExampleId).ToHashSet(StringComparer.Ordinal);
        return new VersionSide(all.Values.Where(x => members.Contains(x.Id)).ToDictionary(x => x.OriginId, StringComparer.Ordinal), all);
    }

    private static string Content(ExampleLineage x) => CanonicalJson.Hash(new { problem = x.Problem, solution = x.Solution, answer = x.Answer });

    private static DiffSide Side(ExampleLineage x) => new(x.Id, x.Outcome.ToString().ToLowerInvariant(), x.Rule, x.Decision?.Reason, x.Decision?.Evidence, Content(x));

    private static IReadOnlyDictionary<string, int> ByRule(IEnumerable<DiffSide?> other) =>
        other.GroupBy(s => s is null ? NotGenerated : s.Rule ?? s.Decision).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>G-Vendi of each side's kept vectors and of the examples only one side keeps, when all share one embedding space.</summary>
    private (double?, double?, double?, string?) Diversity(IReadOnlyList<ExampleLineage> a, IReadOnlyList<ExampleLineage> b, IReadOnlyList<ExampleLineage> symmetric)
    {
        var all = a.Concat(b).ToList();
        if (all.Count == 0) return (null, null, null, "both versions are empty");
        if (all.Any(x => x.Embedding is null)) return (null, null, null, "not every kept example was embedded (a version without diversity settings)");
        if (all.Select(x => EmbeddingSpace.Of(x.Embedding!)).Distinct().Count() > 1)
            return (null, null, null, "the versions were embedded in different spaces (proxy, tokenizer, mode, dimension or seed): their vectors do not compare");
        double? Score(IReadOnlyList<ExampleLineage> xs)
        {
            if (xs.Count == 0) return null;
            using var scope = NewDisposeScope();
            return GVendi.Score(vectors.Load(xs, null, xs[0].Embedding!.Dimension).Vectors, device: compute.Device);
        }
        return (Score(a), Score(b), Score(symmetric), null);
    }
}
