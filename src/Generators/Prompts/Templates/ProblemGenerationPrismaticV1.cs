namespace Lineage.Generators.Prompts.Templates;

/// <summary>
/// The prismatic recipe's problem prompt: the same job as the paper's (new problems modelled on few-shot examples,
/// as hard or harder, never multiple choice, in a delimited layout), in Lineage's own words. "### Problem N" headers
/// are the delimiter <see cref="ProblemParser"/> reads.
/// </summary>
internal static class ProblemGenerationPrismaticV1
{
    public static PromptTemplate Template { get; } = new("problem-generation-prismatic", 1, """
        [user]
        Below are example math problems, taken from a pool of problems of varying difficulty.

        {{examples}}

        Using them as inspiration, compose {{count}} new math problems. Each new problem should resemble the examples in style and subject matter, or go beyond them, and be at least as difficult as the hardest example. Every problem must be self-contained, well posed, and have one definite final answer. Do not write multiple-choice problems, and do not give solutions, hints or answers.

        Write the problems in this layout and nothing else:
        ### Problem 1
        <the full text of the first new problem>

        ### Problem 2
        <the full text of the second new problem>
        """);
}
