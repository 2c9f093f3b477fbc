using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class the_answer_disagreement_rule
{
    private static AnswerVote[] Votes(params string?[] answers) =>
        answers.Select((a, i) => new AnswerVote($"s{i}", a)).ToArray();

    [Fact]
    public void keeps_a_problem_whose_solutions_agree_once_answers_are_normalised()
    {
        var decision = AnswerDisagreementRule.Decide(Votes("18", " 18.0 ", "$18$"));

        Assert.True(decision.Keep);
        Assert.Equal("18", decision.MajorityAnswer);
        Assert.Equal(["s0", "s1", "s2"], decision.AgreeingSolutionIds);
        Assert.Equal([new KeyValuePair<string, int>("18", 3)], decision.VoteCounts);
    }

    [Fact]
    public void drops_a_problem_without_a_majority_with_the_vote_counts_as_evidence()
    {
        var decision = AnswerDisagreementRule.Decide(Votes("18", "20", null));

        Assert.False(decision.Keep);
        Assert.Null(decision.MajorityAnswer);
        Assert.Equal([new KeyValuePair<string, int>("18", 1), new KeyValuePair<string, int>("20", 1)], decision.VoteCounts);
        Assert.Equal(1, decision.Unparsed);
        Assert.Equal(3, decision.Total);
        Assert.Empty(decision.AgreeingSolutionIds);
        Assert.Equal("no answer has a majority: 18 ×1, 20 ×1, unparsed ×1 of 3", decision.Reason);
    }

    [Fact]
    public void keeps_only_the_agreeing_solutions_of_a_two_to_one_vote()
    {
        var decision = AnswerDisagreementRule.Decide(Votes("1,000", "7", "1000"));

        Assert.True(decision.Keep);
        Assert.Equal("1000", decision.MajorityAnswer);
        Assert.Equal(["s0", "s2"], decision.AgreeingSolutionIds);
    }

    [Theory]
    [InlineData("4|4|5|5")]
    [InlineData("4|5")]
    [InlineData("")]
    public void treats_a_tie_or_no_votes_as_no_majority(string answers)
    {
        string?[] votes = answers.Split('|', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(AnswerDisagreementRule.Decide(Votes(votes)).Keep);
    }

    [Fact]
    public void counts_unparsed_solutions_in_the_total_so_one_answer_of_three_is_no_majority()
    {
        Assert.False(AnswerDisagreementRule.Decide(Votes("4", null, null)).Keep);
        Assert.True(AnswerDisagreementRule.Decide(Votes("4", "4", null)).Keep);
    }

    [Theory]
    [InlineData("0.50", "0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("-3.000", "-3")]
    [InlineData("12,345,678", "12345678")]
    [InlineData("\\frac{1}{2}", "\\frac{1}{2}")]
    [InlineData("(1, 2)", "(1,2)")]
    public void normalises_numbers_canonically_and_other_answers_by_spacing(string raw, string expected)
    {
        Assert.Equal(expected, AnswerDisagreementRule.NormalizeAnswer(raw));
    }
}
