using Lineage.Generators.Prompts;

namespace Lineage.Generators.Verification;

/// <summary>Where a sampled solution's answer is read.</summary>
public enum AnswerSource
{
    /// <summary>The last complete \boxed{} of the text after any reasoning (a box in the reasoning is a draft).</summary>
    FinalText,

    /// <summary>The last complete \boxed{} of the whole output, reasoning included, as the paper's code reads it.</summary>
    WholeOutput,
}

/// <summary>One sampled solution as the verifier and the examples see it.</summary>
/// <param name="FullOutput">The whole reply with its reasoning: inline as the model wrote it, or a separate reasoning field put back in front inside &lt;think&gt; tags.</param>
public sealed record SampledSolution(ParsedSolution Parsed, string FullOutput, string? Answer, string? AnswerRefusal);

public static class SampledAnswer
{
    /// <summary>
    /// Parses one reply and reads its answer from <paramref name="source"/>; a boxed answer longer than
    /// <paramref name="maxAnswerChars"/> counts as none (the reason is kept).
    /// </summary>
    public static SampledSolution Read(string? content, string? reasoningField, AnswerSource source, int? maxAnswerChars)
    {
        var parsed = SolutionParser.Parse(content, reasoningField);
        var full = FullOutput(content, reasoningField);
        var answer = source == AnswerSource.WholeOutput ? BoxedAnswer.ExtractLast(full) : parsed.Answer;
        if (answer is not null && maxAnswerChars is { } max && answer.Length > max)
            return new SampledSolution(parsed, full, null, $"the boxed answer has {answer.Length} characters, more than {max}");
        return new SampledSolution(parsed, full, answer, answer is null ? parsed.FailureReason ?? "no complete \\boxed{} answer" : null);
    }

    /// <summary>The reply as the model produced it, a separately returned reasoning field (vLLM's reasoning_content) put back as &lt;think&gt;…&lt;/think&gt;.</summary>
    public static string FullOutput(string? content, string? reasoningField) =>
        string.IsNullOrWhiteSpace(reasoningField) ? content ?? "" : $"<think>\n{reasoningField.Trim()}\n</think>\n\n{content}";
}
