namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// The grader the verify stage checks a known answer with. One interface, so the stage and the audit that re-runs
/// verification ask the same grader, and a deployment (or a test) can put another one in its place.
/// </summary>
public interface IAnswerGrader
{
    /// <summary>Whether <paramref name="solution"/>'s final answer matches <paramref name="expected"/>, with what was read from each.</summary>
    GradeResult Grade(string expected, string solution);

    /// <summary>The final answer read from a solution, or null when it has none.</summary>
    string? Extract(string solution);
}

/// <summary><see cref="MathGrader"/> (math-verify's reading) behind <see cref="IAnswerGrader"/>: the default.</summary>
public sealed class MathAnswerGrader : IAnswerGrader
{
    public static readonly MathAnswerGrader Instance = new();

    public GradeResult Grade(string expected, string solution) => MathGrader.Grade(expected, solution);

    public string? Extract(string solution) => MathGrader.Extract(solution)?.Text;
}
