using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Tests.Pipelines;

/// <summary>A config naming the prismatic recipe is resolved to concrete values, each of which the config can override.</summary>
[Trait("Category", "Unit")]
public class PipelineRecipeSpecs
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static PipelineConfig Read(string json) =>
        PipelineRecipes.Resolve(JsonNode.Parse(json))!.Deserialize<PipelineConfig>(Web)!;

    [Fact]
    public void the_recipe_alone_sets_the_values_of_the_papers_code()
    {
        var c = Read("""{"recipe": "prismatic"}""");
        Assert.Equal("prismatic", c.Recipe);
        // Values written out here from the table, not read from the preset.
        Assert.Equal((3, 0.75, 0.95, 2048, 8192), (c.Generator.SolutionsPerProblem, c.Generator.SolutionTemperature, c.Generator.SolutionTopP,
            c.Generator.SolutionMaxTokens, c.Generator.ProblemMaxTokens));
        Assert.Equal((5, 2, "pool", "difficulty", "prismatic"), (c.Generator.FewShots, c.Generator.ProblemsPerCall, c.Generator.FewShotPool,
            c.Generator.FewShotDraw, c.Generator.Prompts));
        Assert.Equal(("top-tied", 0.5, true, "whole-output", (int?)300), (c.Verification.Vote, c.Verification.PassRatio,
            c.Verification.ExamplePerSolution, c.Verification.AnswerFrom, c.Verification.MaxAnswerChars));
        var d = c.Diversity!;
        Assert.Equal(("exact", 1024, 0L, "bfloat16", (int?)null), (d.Mode, d.Dimension, d.ProjectionSeed, d.ProxyDType, d.MaxTokens));
        Assert.Equal(("first-k", 20, 0.1, 0.5, true), (d.KMeans, d.Iterations, d.KRatio, d.R, d.KeepAllWhenNoneSparse));
        Assert.Equal("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", d.SystemPrompt);
        Assert.Null(c.Length);
        Assert.False(c.Deduplicate);
        Assert.Null(c.Decontamination);
    }

    [Fact]
    public void each_value_can_still_be_overridden_and_nested_objects_merge()
    {
        var c = Read("""
            {"recipe": "prismatic", "Rounds": 2, "generator": {"endpoint": "self", "fewShots": 4},
             "diversity": {"proxyModel": "/models/tiny", "dimension": 64}, "length": {"minChars": 1, "maxChars": 10}}
            """);
        Assert.Equal(2, c.Rounds);
        Assert.Equal(("self", 4, 2, "openai"), (c.Generator.Endpoint, c.Generator.FewShots, c.Generator.ProblemsPerCall, c.Generator.Kind));
        Assert.Equal(("/models/tiny", 64, "exact", "first-k"), (c.Diversity!.ProxyModel, c.Diversity.Dimension, c.Diversity.Mode, c.Diversity.KMeans));
        Assert.Equal(10, c.Length!.MaxChars);
        var off = Read("""{"recipe": "prismatic", "diversity": null}""");
        Assert.Null(off.Diversity);
    }

    [Fact]
    public void without_a_recipe_or_with_an_unknown_one_the_config_is_read_as_sent()
    {
        Assert.Equal(new PipelineConfig().Hash(), Read("{}").Hash());
        var unknown = Read("""{"recipe": "nope", "rounds": 3}""");
        Assert.Equal(("nope", 3, "majority"), (unknown.Recipe, unknown.Rounds, unknown.Verification.Vote));
    }

    [Fact]
    public void the_default_is_lineages_own_recipe()
    {
        var c = new PipelineConfig();
        Assert.Equal(("majority", false, "final-text"), (c.Verification.Vote, c.Verification.ExamplePerSolution, c.Verification.AnswerFrom));
        Assert.Equal((3, 5, "sparsest", "uniform", 1.0), (c.Generator.FewShots, c.Generator.ProblemsPerCall, c.Generator.FewShotPool, c.Generator.FewShotDraw, c.Generator.SolutionTopP));
        var d = new DiversityConfig();
        Assert.Equal(("fast", 256, "lineage", false, (int?)1024), (d.Mode, d.Dimension, d.KMeans, d.KeepAllWhenNoneSparse, d.MaxTokens));
    }
}
