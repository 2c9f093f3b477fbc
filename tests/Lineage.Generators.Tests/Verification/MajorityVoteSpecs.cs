using Lineage.Generators.Verification;

namespace Lineage.Generators.Tests.Verification;

[Trait("Category", "Unit")]
public class MajorityVoteSpecs
{
    [Fact]
    public void two_of_three_equivalent_answers_win_and_are_grouped_across_spellings()
    {
        var result = MajorityVote.Decide(["\\frac{1}{2}", "0.5", "3"]);
        Assert.True(result.HasMajority);
        Assert.Equal("\\frac{1}{2}", result.Majority);
        Assert.Equal([new AnswerCount("\\frac{1}{2}", 2), new AnswerCount("3", 1)], result.Counts);
        Assert.Equal([true, true, false], result.AgreesWithMajority);
        Assert.Equal(3, result.ValidVotes);
    }

    [Fact]
    public void three_different_answers_have_no_majority()
    {
        var result = MajorityVote.Decide(["1", "2", "3"]);
        Assert.False(result.HasMajority);
        Assert.Null(result.Majority);
        Assert.Equal([false, false, false], result.AgreesWithMajority);
        Assert.Equal(3, result.Counts.Count);
    }

    [Fact]
    public void a_tie_has_no_majority()
    {
        var result = MajorityVote.Decide(["1", "1", "2", "2"]);
        Assert.False(result.HasMajority);
        Assert.Equal([new AnswerCount("1", 2), new AnswerCount("2", 2)], result.Counts);
    }

    [Fact]
    public void missing_answers_are_not_votes()
    {
        var result = MajorityVote.Decide(["7", null, "  "]);
        Assert.True(result.HasMajority);
        Assert.Equal(1, result.ValidVotes);
        Assert.Equal([true, false, false], result.AgreesWithMajority);
    }

    [Fact]
    public void a_minimum_vote_count_rejects_a_lone_surviving_answer()
    {
        var result = MajorityVote.Decide(["7", null, null], minVotes: 2);
        Assert.False(result.HasMajority);
        Assert.Equal(2, result.MinVotes);
    }

    [Fact]
    public void exactly_half_is_not_a_majority()
    {
        Assert.False(MajorityVote.Decide(["5", "5", "6", null, "7"]).HasMajority);
        Assert.True(MajorityVote.Decide(["5", "5", "5", "6", "7"]).HasMajority);
    }

    [Fact]
    public void no_votes_at_all_give_no_majority_and_no_counts()
    {
        var result = MajorityVote.Decide([null, null, null]);
        Assert.False(result.HasMajority);
        Assert.Empty(result.Counts);
        Assert.Equal(0, result.ValidVotes);
    }

    [Fact]
    public void equal_counts_are_listed_in_order_of_first_appearance()
    {
        var result = MajorityVote.Decide(["b", "a", "c", "a", "b"]);
        Assert.Equal(["b", "a", "c"], result.Counts.Select(c => c.Answer));
    }

    [Fact]
    public void a_minimum_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityVote.Decide(["1"], minVotes: 0));
    }
}
