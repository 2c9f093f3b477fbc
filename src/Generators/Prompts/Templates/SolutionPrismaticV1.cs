namespace Lineage.Generators.Prompts.Templates;

/// <summary>The prismatic recipe's solution prompt: the problem alone, then a request for step-by-step reasoning ending in a boxed answer.</summary>
internal static class SolutionPrismaticV1
{
    public static PromptTemplate Template { get; } = new("solution-prismatic", 1, """
        [user]
        {{problem}}

        Work through this problem one step at a time, explaining your reasoning, and finish by writing the final answer inside \boxed{}.
        """);
}
