using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Generators.Verification.Grading;

namespace Lineage.Api.Grading;

/// <summary>
/// <c>lineage grade &lt;pairs.jsonl&gt;</c>: grades gold/predicted pairs with the verify stage's own
/// grader (<see cref="MathGrader.Grade"/>, the call <c>CandidateVerifier</c> makes) and writes one
/// JSON line per pair, in input order: <c>{"equal", "gold", "pred"}</c> with the extracted answers
/// (null when nothing could be extracted). Exit 0; 2 when the file is missing or a line is not
/// a JSON object with string "gold" and "pred" (the message names the line).
/// </summary>
public static class GradeCommand
{
    public static Task<int> RunAsync(string pairsPath, TextWriter output) => RunAsync(pairsPath, output, Console.Error);

    public static async Task<int> RunAsync(string pairsPath, TextWriter output, TextWriter error)
    {
        if (!File.Exists(pairsPath))
        {
            await error.WriteLineAsync($"grade: no such file: {pairsPath}");
            return 2;
        }
        var lines = await File.ReadAllLinesAsync(pairsPath);
        var pairs = new List<(string? Gold, string? Pred)>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            if (Pair(lines[i]) is not { } pair)
            {
                await error.WriteLineAsync($"grade: {pairsPath} line {i + 1}: expected a JSON object with string fields \"gold\" and \"pred\"");
                return 2;
            }
            pairs.Add(pair);
        }
        foreach (var (gold, pred) in pairs)
        {
            var graded = MathGrader.Grade(gold, pred);
            var line = new JsonObject { ["equal"] = graded.Equal, ["gold"] = graded.Gold, ["pred"] = graded.Pred };
            await output.WriteLineAsync(line.ToJsonString());
        }
        return 0;
    }

    private static (string? Gold, string? Pred)? Pair(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject o) return null;
            return Field(o, "gold", out var gold) && Field(o, "pred", out var pred) ? (gold, pred) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Field(JsonObject o, string name, out string? value)
    {
        value = null;
        if (!o.TryGetPropertyValue(name, out var node)) return false;
        if (node is null) return true;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) { value = s; return true; }
        return false;
    }
}
