namespace Lineage.Generators.Tests.Prompts;

[Trait("Category", "Unit")]
public class PrismaticPromptSpecs
{
    [Fact]
    public void the_prismatic_problem_layout_is_what_the_parser_reads()
    {
        var reply = "### Problem 1\nA jar holds 12 red and 8 blue marbles. How many marbles are in the jar?\n\n### Problem 2\nFind the smallest prime greater than 50.";
        var parsed = Lineage.Generators.Prompts.ProblemParser.Parse(reply);
        Assert.Equal(2, parsed.Problems.Count);
        Assert.Equal("Find the smallest prime greater than 50.", parsed.Problems[1]);
        var prompt = Lineage.Generators.Prompts.ProblemGenerationPrompt.Build(["What is 2 + 3?"], 2, Lineage.Generators.Prompts.PromptLibrary.PrismaticProblemGeneration);
        Assert.Contains("### Problem 1", prompt.Messages[^1].Content);
        Assert.Contains("multiple-choice", prompt.Messages[^1].Content);
        Assert.Contains("compose 2 new", prompt.Messages[^1].Content);
        var solution = Lineage.Generators.Prompts.SolutionPrompt.Build("What is 2 + 3?", Lineage.Generators.Prompts.PromptLibrary.PrismaticSolution);
        Assert.Single(solution.Messages);
        Assert.EndsWith("inside \\boxed{}.", solution.Messages[0].Content);
    }

    [Fact]
    public void difficulty_weighted_draws_are_distinct_seeded_and_favour_the_heavy()
    {
        double[] weights = [1, 1, 1, 1, 5, 5, 5, 5];
        var picks = Lineage.Generators.Prompts.WeightedFewShotSampler.Pick(weights, 5, seed: 3, index: 1);
        Assert.Equal(5, picks.Distinct().Count());
        Assert.Equal(picks, Lineage.Generators.Prompts.WeightedFewShotSampler.Pick(weights, 5, seed: 3, index: 1));
        // Over many calls a weight-5 example is drawn far more often than a weight-1 one (a first draw: 5/24 against 1/24).
        var counts = new int[8];
        for (var i = 0; i < 2000; i++)
            foreach (var p in Lineage.Generators.Prompts.WeightedFewShotSampler.Pick(weights, 1, 7, i)) counts[p]++;
        Assert.InRange(counts[4..].Sum() / (double)counts.Sum(), 0.78, 0.88);   // 20/24 = 0.833
        // The order is shuffled: the heaviest is not always first.
        var firsts = Enumerable.Range(0, 200).Select(i => Lineage.Generators.Prompts.WeightedFewShotSampler.Pick(weights, 8, 1, i)[0]).ToHashSet();
        Assert.True(firsts.Count > 4);
    }
}
