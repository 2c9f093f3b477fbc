using System.Runtime.CompilerServices;
using System.Text.Json;
using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Tests.Verification;

/// <summary>
/// The hand-written gold/predicted pairs in pairs/*.jsonl, each labelled with math-verify's
/// verdict (forms named lineage-* label Lineage's own reading of bare reference answers),
/// graded exactly as the verify stage grades them.
/// </summary>
[Trait("Category", "Unit")]
public class GradedPairsSpecs
{
    public sealed record Pair(string File, int Line, string Gold, string Pred, bool Equal, string Form);

    private static string PairsFolder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "pairs");

    public static IReadOnlyList<Pair> All { get; } = Load();

    private static List<Pair> Load()
    {
        var pairs = new List<Pair>();
        foreach (var file in Directory.GetFiles(PairsFolder(), "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                var o = JsonDocument.Parse(lines[i]).RootElement;
                pairs.Add(new Pair(Path.GetFileName(file), i + 1, o.GetProperty("gold").GetString()!, o.GetProperty("pred").GetString()!,
                    o.GetProperty("equal").GetBoolean(), o.GetProperty("form").GetString()!));
            }
        }
        return pairs;
    }

    public static TheoryData<string> Forms => new(All.Select(p => p.Form).Distinct().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Forms))]
    public void every_pair_of_a_form_is_graded_as_labelled(string form)
    {
        var pairs = All.Where(p => p.Form == form).ToList();
        var wrong = pairs
            .Select(p => (Pair: p, Result: MathGrader.Grade(p.Gold, p.Pred)))
            .Where(x => x.Result.Equal != x.Pair.Equal)
            .Select(x => $"{x.Pair.File}:{x.Pair.Line} expected {x.Pair.Equal}, extracted gold [{x.Result.Gold}] pred [{x.Result.Pred}]")
            .ToList();
        Assert.True(wrong.Count == 0, $"{form}: {wrong.Count} of {pairs.Count} wrong\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void there_are_at_least_four_hundred_pairs_and_every_form_has_matches_and_mismatches()
    {
        Assert.True(All.Count >= 400, $"{All.Count} pairs");
        foreach (var form in All.GroupBy(p => p.Form))
        {
            Assert.Contains(form, p => p.Equal);
            Assert.Contains(form, p => !p.Equal);
        }
    }

    [Fact]
    public void a_grader_that_always_says_yes_or_always_no_fails_badly()
    {
        // Independent of the grader: the labels themselves are balanced.
        var share = All.Count(p => p.Equal) / (double)All.Count;
        Assert.InRange(share, 0.4, 0.6);
        foreach (var form in All.GroupBy(p => p.Form))
        {
            var formShare = form.Count(p => p.Equal) / (double)form.Count();
            Assert.InRange(formShare, 0.25, 0.75);
        }
    }
}
