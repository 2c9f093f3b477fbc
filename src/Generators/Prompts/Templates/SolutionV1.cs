namespace Lineage.Generators.Prompts.Templates;

internal static class SolutionV1
{
    // The closing instruction is the phrasing math-tuned open models are trained on,
    // which makes them box the final answer reliably.
    public static PromptTemplate Template { get; } = new("solution", 1, """
        [system]
        You are a careful mathematician. Solve the problem step by step, justifying each step, and give the final answer in simplest exact form.

        [user]
        {{problem}}

        Please reason step by step, and put your final answer within \boxed{}.
        """);
}
