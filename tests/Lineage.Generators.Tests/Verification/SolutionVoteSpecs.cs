using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

/// <summary>
/// The vote table of Lineage issue 10 (the paper's code against Lineage's default), row by row: a, b, c stand for
/// three different answers, null for a sample without an answer. Each row is checked for both options, with the
/// kept samples named, not only counted.
/// </summary>
[Trait("Category", "Unit")]
public class SolutionVoteSpecs
{
    public static TheoryData<string?[], bool[], bool[]> Table => new()
    {
        // answers                    official (top-tied, keep all)   Lineage (strict majority, keep one)
        { ["7", "7", "7"], [true, true, true], [true, false, false] },
        { ["7", "7", "9"], [true, true, false], [true, false, false] },
        { ["7", "9", "11"], [true, true, true], [false, false, false] },
        { ["7", "9", null], [true, true, false], [false, false, false] },
        { ["7", null, null], [false, false, false], [true, false, false] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void each_row_keeps_what_the_paper_and_lineage_keep(string?[] answers, bool[] official, bool[] lineage)
    {
        Assert.Equal(official, SolutionVote.Decide(answers, VoteOptions.Prismatic).Kept);
        Assert.Equal(lineage, SolutionVote.Decide(answers, VoteOptions.Lineage).Kept);
    }

    [Fact]
    public void the_pass_threshold_is_the_floor_of_n_times_the_ratio()
    {
        var three = SolutionVote.Decide(["1", "2", "3"], VoteOptions.Prismatic);
        Assert.Equal((1, 1), (three.Threshold, three.TopCount));
        // Four samples: ⌊4·0.5⌋ = 2, so four different answers (each ×1) all fail even though they tie at the top.
        var four = SolutionVote.Decide(["1", "2", "3", "4"], VoteOptions.Prismatic);
        Assert.Equal(2, four.Threshold);
        Assert.False(four.AnyKept);
        // Two pairs tie at 2 ≥ 2: both answers and all four solutions are kept.
        var pairs = SolutionVote.Decide(["1", "2", "1", "2"], VoteOptions.Prismatic);
        Assert.Equal(["1", "2"], pairs.PassedAnswers);
        Assert.Equal(4, pairs.KeptCount);
    }

    [Fact]
    public void answers_are_grouped_by_equivalence_before_counting()
    {
        var result = SolutionVote.Decide(["\\frac{1}{2}", "0.5", "3"], VoteOptions.Prismatic);
        Assert.Equal([true, true, false], result.Kept);
        Assert.Equal(["\\frac{1}{2}"], result.PassedAnswers);
        Assert.Equal("\\frac{1}{2} ×2, 3 ×1, no answer ×0", result.Tally());
    }

    [Fact]
    public void top_tied_with_keep_one_keeps_only_the_first_solution_of_the_first_passing_answer()
    {
        var result = SolutionVote.Decide(["7", "9", "7", "9"], new VoteOptions(VoteRule.TopTied, 0.5, KeepAll: false));
        Assert.Equal([true, false, false, false], result.Kept);
    }

    [Fact]
    public void missing_answers_count_towards_the_top_but_are_never_kept()
    {
        var result = SolutionVote.Decide([null, null, null], VoteOptions.Prismatic);
        Assert.Equal((3, 3, 1), (result.Missing, result.TopCount, result.Threshold));
        Assert.False(result.AnyKept);
        Assert.Empty(result.PassedAnswers);
    }
}
