using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;
using System.Text.Json;
using Marten;
using Marten.Linq.MatchesSql;

namespace Lineage.Api.Explorer.Examples;

/// <summary>A node of the ancestry graph: an example, how it relates to the one shown, and its outcome.</summary>
public sealed record AncestryNode(string Id, string Relation, string Outcome, int Round, string Label);

/// <summary>An edge from a parent to the example generated from it.</summary>
public sealed record AncestryEdge(string Parent, string Child);

public sealed record Ancestry(IReadOnlyList<AncestryNode> Nodes, IReadOnlyList<AncestryEdge> Edges, bool ChildrenTruncated);

/// <summary>Everything the example page shows.</summary>
public sealed record ExampleView(ExampleLineage Example, string? VersionId, IReadOnlyList<TimelineStep> Timeline, TeacherCall? Call, Ancestry Ancestry);

/// <summary>
/// Reads for the example page: the lineage document, its ancestors (parents of parents, <see cref="AncestorDepth"/>
/// generations, one batched load per generation) and its children (examples naming it as a parent, through the GIN
/// index on parent ids), then the timeline and teacher call built from them.
/// </summary>
public sealed class ExampleReader(IDocumentStore store)
{
    public const int AncestorDepth = 3;
    public const int MaxChildren = 24;
    public const string ParentsSql = "(d.data -> 'Generated' -> 'ParentExampleIds')";

    public async Task<ExampleView?> LoadAsync(string id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var x = await session.LoadAsync<ExampleLineage>(id, ct);
        if (x is null) return null;

        var known = new Dictionary<string, ExampleLineage>(StringComparer.Ordinal) { [x.Id] = x };
        var relation = new Dictionary<string, string>(StringComparer.Ordinal) { [x.Id] = "self" };
        var edges = new List<AncestryEdge>();
        var generation = new List<ExampleLineage> { x };
        for (var depth = 1; depth <= AncestorDepth && generation.Count > 0; depth++)
        {
            foreach (var child in generation)
                foreach (var p in child.Generated?.ParentExampleIds ?? [])
                    edges.Add(new AncestryEdge(p, child.Id));
            var wanted = generation.SelectMany(c => c.Generated?.ParentExampleIds ?? []).Where(p => !known.ContainsKey(p) && !relation.ContainsKey(p)).Distinct().ToList();
            foreach (var p in wanted) relation[p] = depth == 1 ? "parent" : "ancestor";
            var loaded = wanted.Count == 0 ? [] : await session.LoadManyAsync<ExampleLineage>(ct, wanted);
            foreach (var l in loaded) known[l.Id] = l;
            generation = loaded.ToList();
        }

        // Containment on the parent ids, in the very expression the GIN index holds (ExplorerIndexes); LINQ's
        // Contains on the nested list compiles to a form that index cannot serve, and scans every document.
        var children = await session.Query<ExampleLineage>()
            .Where(c => c.MatchesSql(ParentsSql + " @> ?::jsonb", JsonSerializer.Serialize(new[] { id })))
            .OrderBy(c => c.Id).Take(MaxChildren + 1).ToListAsync(ct);
        foreach (var c in children.Take(MaxChildren))
        {
            known.TryAdd(c.Id, c);
            relation.TryAdd(c.Id, "child");
            edges.Add(new AncestryEdge(id, c.Id));
        }

        var nodes = relation.Select(r => known.TryGetValue(r.Key, out var n)
                ? new AncestryNode(n.Id, r.Value, n.Outcome.ToString().ToLowerInvariant(), n.Round, Label(n))
                : new AncestryNode(r.Key, r.Value, "external", 0, r.Key.StartsWith("builtin:", StringComparison.Ordinal) ? "built-in few-shot" : "not recorded"))
            .ToList();
        var versionId = RunIds.Version(x.RunId);
        var version = await session.LoadAsync<DatasetVersion>(versionId, ct);
        var call = x.Generated is { } g ? TeacherCall.Of(g, known) : null;
        return new ExampleView(x, version?.Id, ExampleTimeline.Build(x), call,
            new Ancestry(nodes, edges.Distinct().ToList(), children.Count > MaxChildren));
    }

    private static string Label(ExampleLineage x) =>
        x.Origin == "seed" ? $"seed · line {x.Seed?.Line}" : $"r{x.Round} · {x.Generated?.Attributes.GetValueOrDefault("family") ?? x.Generated?.GeneratorKind}";
}
