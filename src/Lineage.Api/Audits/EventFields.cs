using System.Text.Json.Nodes;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;

namespace Lineage.Api.Audits;

/// <summary>
/// Compares a recorded event with a re-derived one field by field, over their canonical JSON (the form hashes are
/// computed over), so "identical" means identical bytes; nested values are compared by path (<c>evidence.clusterSize</c>).
/// </summary>
public static class EventFields
{
    private const int Shown = 240;

    /// <summary>The fields that differ, with each side's value as JSON (long values cut for reading).</summary>
    public static IReadOnlyList<(string Field, string Recorded, string Rederived)> Diff(object? recorded, object? rederived, params string[] ignore)
    {
        if (recorded is null || rederived is null)
            return recorded is null && rederived is null ? [] : [("(event)", Name(recorded), Name(rederived))];
        if (recorded.GetType() != rederived.GetType()) return [("(event)", Name(recorded), Name(rederived))];
        var differences = new List<(string, string, string)>();
        Walk("", JsonNode.Parse(CanonicalJson.Serialize(recorded)), JsonNode.Parse(CanonicalJson.Serialize(rederived)), ignore, differences);
        return differences;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, string[] ignore, List<(string, string, string)> into)
    {
        if (ignore.Contains(path)) return;
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)).Order(StringComparer.Ordinal))
                Walk(path.Length == 0 ? key : $"{path}.{key}", oa[key], ob[key], ignore, into);
            return;
        }
        var (ta, tb) = (a?.ToJsonString(CanonicalJson.Options) ?? "null", b?.ToJsonString(CanonicalJson.Options) ?? "null");
        if (ta != tb) into.Add((path, Cut(ta), Cut(tb)));
    }

    public static string Cut(string text) => text.Length <= Shown ? text : text[..Shown] + $"… ({text.Length} characters)";

    /// <summary>An event named with the gist of what it decided, so a changed verdict shows both sides' reasons.</summary>
    private static string Name(object? e) => e switch
    {
        null => "absent",
        ExampleKept k => $"ExampleKept by {string.Join("+", k.Rules)}: {k.Reason}",
        ExampleDropped d => $"ExampleDropped by {d.Rule}: {d.Reason}",
        ExampleVerified v => $"ExampleVerified ({v.Method}): answer {v.Answer}",
        ExampleRejected r => $"ExampleRejected ({r.Method}): {r.Reason}",
        _ => e.GetType().Name,
    };
}
