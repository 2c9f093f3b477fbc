using Lineage.Filters.Rules;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class RoundFilterSpecs
{
    private const string Run = "run-0000000000ff";

    private static Candidate C(string id, string problem, int solutionLength = 20) => new(id, problem, new string('s', solutionLength), "1");

    private static IReadOnlyList<ICandidateRule> Rules(IEnumerable<Candidate>? pool = null) =>
        [new LengthRule(new LengthBounds { MinChars = 20, MaxChars = 100 }), new DuplicateRule(pool ?? [])];

    [Fact]
    public void a_candidate_every_rule_passes_is_kept_with_the_rules_in_order_and_their_evidence_merged()
    {
        var events = RoundFilter.Decide(Run, 2, [C("a", "Problem one")], Rules());
        var kept = Assert.IsType<ExampleKept>(Assert.Single(events));
        Assert.Equal((Run, "a", 2), (kept.RunId, kept.ExampleId, kept.Round));
        Assert.Equal(["length", "exact-duplicate"], kept.Rules);
        Assert.Equal("length 31 within 20..100; no earlier copy of the normalised problem text", kept.Reason);
        Assert.Equal((31, 20, 100), (kept.Evidence.Length, kept.Evidence.MinLength, kept.Evidence.MaxLength));
        Assert.Null(kept.Evidence.DuplicateOf);
    }

    [Fact]
    public void the_first_rule_that_drops_decides_and_later_rules_are_not_asked()
    {
        // Too short and also a copy of the pool: the length rule comes first, so it is the one named.
        var events = RoundFilter.Decide(Run, 1, [C("a", "Pool problem", solutionLength: 1)], Rules([C("pool", "Pool problem")]));
        var dropped = Assert.IsType<ExampleDropped>(Assert.Single(events));
        Assert.Equal("length", dropped.Rule);
        Assert.Equal(13, dropped.Evidence.Length);
        Assert.Null(dropped.Evidence.DuplicateOf);
    }

    [Fact]
    public void a_later_copy_of_a_kept_candidate_in_the_same_round_is_dropped_as_its_duplicate()
    {
        var events = RoundFilter.Decide(Run, 1, [C("a", "Same"), C("b", "Other"), C("c", "same.")], Rules());
        Assert.Equal(["a", "b", "c"], events.Select(e => e.ExampleId));
        Assert.IsType<ExampleKept>(events[0]);
        Assert.IsType<ExampleKept>(events[1]);
        var dropped = Assert.IsType<ExampleDropped>(events[2]);
        Assert.Equal(("exact-duplicate", "a"), (dropped.Rule, dropped.Evidence.DuplicateOf));
    }

    [Fact]
    public void a_candidate_dropped_by_one_rule_is_not_remembered_as_an_original_by_another()
    {
        var events = RoundFilter.Decide(Run, 1, [C("short", "Same", solutionLength: 1), C("long", "Same")], Rules());
        Assert.Equal("length", Assert.IsType<ExampleDropped>(events[0]).Rule);
        Assert.IsType<ExampleKept>(events[1]);
    }

    [Fact]
    public void the_same_candidates_in_the_same_order_give_the_same_decisions()
    {
        Candidate[] candidates = [C("a", "x1"), C("b", "x1"), C("c", "x2", 0), C("d", "x3")];
        var first = RoundFilter.Decide(Run, 1, candidates, Rules());
        var second = RoundFilter.Decide(Run, 1, candidates, Rules());
        Assert.Equal(first.Select(Describe), second.Select(Describe));
        Assert.Equal(["kept", "dropped:exact-duplicate", "dropped:length", "kept"], first.Select(Describe));
    }

    private static string Describe(IExampleEvent e) => e switch
    {
        ExampleKept => "kept",
        ExampleDropped d => "dropped:" + d.Rule,
        _ => e.GetType().Name,
    };
}
