namespace Lineage.Generators.Prompts.Templates;

internal static class ProblemGenerationV1
{
    // Examples are labelled "Example N" and answers "Problem N" so that an echoed
    // example is not mistaken for a new problem by the parser.
    public static PromptTemplate Template { get; } = new("problem-generation", 1, """
        [system]
        You are an expert writer of competition mathematics problems. You write new, self-contained problems that are correct, unambiguous and solvable, each with a single exact final answer: an integer, a reduced fraction, a simplified radical or a short closed-form expression.

        [user]
        Here are some example problems:

        {{examples}}

        Write {{count}} new problems. Each must differ from the examples and from the others in topic, setting or the reasoning it needs, and be at least as hard as the examples. Do not include solutions, hints or answers.

        Reply in exactly this format and nothing else:
        Problem 1: <the first new problem>
        Problem 2: <the second new problem>
        (and so on)
        """);
}
