namespace Lineage.Generators.Prompts;

/// <summary>Which layout the teacher's reply was recognised as.</summary>
public enum ProblemListFormat
{
    None = 0,
    Json = 1,
    Headers = 2,
    NumberedList = 3,
}

/// <summary>
/// Problems found in a teacher's reply. A reply that yields nothing is a result
/// with a reason, not an exception: bad teacher output is data for the lineage.
/// </summary>
public sealed record ProblemParseResult(
    IReadOnlyList<string> Problems,
    ProblemListFormat Format,
    string? FailureReason,
    string? Reasoning)
{
    public bool Succeeded => Problems.Count > 0;

    internal static ProblemParseResult Failed(string reason, string? reasoning) => new([], ProblemListFormat.None, reason, reasoning);
}
