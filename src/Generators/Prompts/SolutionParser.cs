using Lineage.Generators.Verification;

namespace Lineage.Generators.Prompts;

/// <summary>A sampled solution: reasoning kept apart, the presented solution, and its boxed answer.</summary>
public sealed record ParsedSolution(string? Reasoning, string Solution, string? Answer, string? FailureReason)
{
    public bool HasAnswer => Answer is not null;
}

public static class SolutionParser
{
    /// <summary>
    /// The answer is the last \boxed{} of the final text only: a box inside the
    /// reasoning trace is a draft, not a commitment, so it is never used.
    /// </summary>
    public static ParsedSolution Parse(string? content, string? reasoningField = null)
    {
        var split = ReasoningSplitter.Split(content, reasoningField);
        if (split.Final.Length == 0)
            return new(split.Reasoning, "", null, split.ReasoningTruncated ? "the reply ended inside its reasoning" : "the reply is empty");
        var answer = BoxedAnswer.ExtractLast(split.Final);
        return new(split.Reasoning, split.Final, answer, answer is null ? "no complete \\boxed{} answer in the final text" : null);
    }
}
