using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lineage.Api.Stages.Seeds;

public sealed record SeedRecord(int Line, string Problem, string Solution, string Answer);

/// <summary>
/// Reads seed problems from JSON Lines in the GSM8K format (<c>question</c>, <c>answer</c> ending in
/// <c>#### value</c>). Calculator annotations <c>&lt;&lt;48/2=24&gt;&gt;</c> are removed and the final
/// line becomes <c>\boxed{value}</c>, so seeds read like every other solution in the pool.
/// </summary>
public static partial class Gsm8kSeedReader
{
    public static IEnumerable<SeedRecord> Read(string path, int limit)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (limit-- <= 0) yield break;
            using var doc = JsonDocument.Parse(text);
            var question = doc.RootElement.GetProperty("question").GetString()
                ?? throw new InvalidDataException($"{path}:{line}: question is null");
            var answer = doc.RootElement.GetProperty("answer").GetString()
                ?? throw new InvalidDataException($"{path}:{line}: answer is null");
            yield return FromGsm8k(line, question, answer, $"{path}:{line}");
        }
    }

    /// <summary>One GSM8K item as a seed: the steps without calculator annotations, the final line as <c>\boxed{}</c>.</summary>
    public static SeedRecord FromGsm8k(int line, string question, string answer, string where)
    {
        var marker = answer.LastIndexOf("####", StringComparison.Ordinal);
        if (marker < 0) throw new InvalidDataException($"{where}: answer has no '#### value' line");
        var final = answer[(marker + 4)..].Trim().Replace(",", "");
        var steps = Annotation().Replace(answer[..marker], "").TrimEnd();
        return new SeedRecord(line, question, $"{steps}\nThe answer is \\boxed{{{final}}}.", final);
    }

    [GeneratedRegex("<<[^>]*>>")]
    private static partial Regex Annotation();
}
