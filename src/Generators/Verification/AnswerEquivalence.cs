using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Verification;

/// <summary>
/// Whether two final answers mean the same thing, by <see cref="MathGrader"/> (math-verify's
/// reading and comparison; see docs/grader.md). Both sides are read as reference answers
/// (a box, a formula, a number, a short phrase). math-verify's comparison is not symmetric
/// (gold "k = 1" matches 1; gold 1 matches "k = 1" only through the prediction rule), so for
/// grouping answers that have no gold, two answers are equivalent when either reading
/// matches; <see cref="Matches"/> keeps the direction when one side is the reference.
/// </summary>
public static class AnswerEquivalence
{
    public static bool AreEquivalent(string? a, string? b)
    {
        if (MathGrader.Extract(a, AnswerRole.Reference) is not { } x || MathGrader.Extract(b, AnswerRole.Reference) is not { } y) return false;
        return MathGrader.Matches(x, y) || MathGrader.Matches(y, x);
    }

    /// <summary>Whether <paramref name="answer"/> matches <paramref name="reference"/>, reference first as math-verify's gold.</summary>
    public static bool Matches(string? reference, string? answer) =>
        MathGrader.Grade(reference, answer, AnswerRole.Reference, AnswerRole.Reference).Equal;

    /// <summary>
    /// The answer as the grader reads it (the extracted, cleaned string); null for a blank answer.
    /// It is what is shown and recorded, not a grouping key: equivalence is decided by value
    /// (with float rounding), which is not a key.
    /// </summary>
    public static string? CanonicalForm(string? answer) => MathGrader.Extract(answer, AnswerRole.Reference)?.Text;
}
