using Lineage.Generators.Prompts;
using Lineage.Generators.Teachers;

namespace Lineage.Generators.Tests.Prompts;

[Trait("Category", "Unit")]
public class PromptSpecs
{
    [Fact]
    public void problem_generation_shows_every_example_and_asks_for_the_requested_count()
    {
        var prompt = ProblemGenerationPrompt.Build(["What is 1+1?", "  Solve x+2=5.  "], count: 7);
        Assert.Equal(["system", "user"], prompt.Messages.Select(m => m.Role));
        var user = prompt.Messages[1].Content;
        Assert.Contains("Example 1:\nWhat is 1+1?\n\nExample 2:\nSolve x+2=5.", user);
        Assert.Contains("Write 7 new problems", user);
        Assert.DoesNotContain("{{", user);
        Assert.Equal(("problem-generation", 1), (prompt.TemplateId, prompt.TemplateVersion));
    }

    [Fact]
    public void the_solution_prompt_asks_for_a_boxed_answer_after_the_problem()
    {
        var prompt = SolutionPrompt.Build("What is 2+2?");
        Assert.Equal("What is 2+2?\n\nPlease reason step by step, and put your final answer within \\boxed{}.", prompt.Messages[1].Content);
    }

    [Fact]
    public void substitution_is_single_pass_so_a_problem_quoting_braces_stays_as_written()
    {
        var prompt = SolutionPrompt.Build("Evaluate {{problem}} literally.");
        Assert.StartsWith("Evaluate {{problem}} literally.", prompt.Messages[1].Content);
    }

    [Fact]
    public void a_missing_variable_is_a_programming_error()
    {
        var error = Assert.Throws<ArgumentException>(() => PromptRenderer.Render(PromptLibrary.ProblemGeneration, new Dictionary<string, string> { ["count"] = "3" }));
        Assert.Contains("examples", error.Message);
    }

    [Fact]
    public void the_built_in_wordings_are_frozen_for_their_version()
    {
        // Changing a template's wording must bump its version: these hashes (from sha256sum) pin v1.
        Assert.Equal("0574f022d3423235ce966749c18d4914019b9c405dd9aacdd2cb3115b0fb85e4", PromptLibrary.ProblemGeneration.Sha256);
        Assert.Equal("e4c263634f5b9969e4896b8613e3df1e3bededa7470f2dd931822b7cf7d9c885", PromptLibrary.Solution.Sha256);
    }

    [Fact]
    public void the_template_hash_is_the_sha256_of_its_text()
    {
        var template = new PromptTemplate("t", 1, "[user]\nabc");
        // sha256("[user]\nabc") computed with sha256sum.
        Assert.Equal("fcc29326cbf350721c988d69a37d3ce6aad797d903a6aaab3e3a71a2f7850941", template.Sha256);
    }

    [Fact]
    public void line_endings_do_not_change_the_hash()
    {
        Assert.Equal(new PromptTemplate("t", 1, "[user]\r\nabc").Sha256, new PromptTemplate("t", 1, "[user]\nabc").Sha256);
    }

    [Fact]
    public void the_same_messages_render_to_the_same_hash_and_different_ones_do_not()
    {
        Assert.Equal(SolutionPrompt.Build("Q1 is here").Sha256, SolutionPrompt.Build("Q1 is here").Sha256);
        Assert.NotEqual(SolutionPrompt.Build("Q1 is here").Sha256, SolutionPrompt.Build("Q2 is here").Sha256);
    }

    [Fact]
    public void templates_load_from_a_folder_by_file_name()
    {
        var dir = Directory.CreateTempSubdirectory("lineage-prompts-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "solution.v2.txt"), "[system]\nBe brief.\n[user]\n{{problem}}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a template");
            var loaded = Assert.Single(PromptLibrary.LoadDirectory(dir.FullName));
            Assert.Equal(("solution", 2), (loaded.Id, loaded.Version));
            var rendered = SolutionPrompt.Build("What is 3+4?", loaded);
            Assert.Equal([ChatMessage.System("Be brief."), ChatMessage.User("What is 3+4?")], rendered.Messages);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void the_prismatic_sampling_defaults_are_the_papers()
    {
        Assert.Equal((1.0, 0.95), (SamplingParameters.ProblemGeneration.Temperature, SamplingParameters.ProblemGeneration.TopP));
        Assert.Equal((0.75, 3), (SamplingParameters.Solution.Temperature, SamplingParameters.Solution.N));
    }

    [Fact]
    public void few_shot_parents_are_distinct_in_range_and_repeatable()
    {
        var picks = FewShotSampler.Pick(10, 4, seed: 1, index: 2);
        Assert.Equal(4, picks.Distinct().Count());
        Assert.All(picks, p => Assert.InRange(p, 0, 9));
        Assert.Equal(picks, FewShotSampler.Pick(10, 4, seed: 1, index: 2));
        Assert.NotEqual(picks, FewShotSampler.Pick(10, 4, seed: 1, index: 3));
    }

    [Fact]
    public void every_pool_member_gets_picked_over_many_calls()
    {
        var seen = Enumerable.Range(0, 200).SelectMany(i => FewShotSampler.Pick(1000, 8, 5, i)).ToHashSet();
        Assert.True(seen.Count > 700, $"only {seen.Count} distinct parents");
        Assert.Equal(Enumerable.Range(0, 5).ToHashSet(), FewShotSampler.Pick(5, 5, 1, 1).ToHashSet());
    }
}
