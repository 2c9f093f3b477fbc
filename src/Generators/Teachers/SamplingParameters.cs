namespace Lineage.Generators.Teachers;

/// <summary>
/// What the teacher is asked to sample with. Recorded with every response so an
/// example's lineage says exactly how it was drawn. Null means "server default".
/// </summary>
public sealed record SamplingParameters(
    double Temperature,
    double TopP = 1.0,
    int N = 1,
    int? MaxTokens = null,
    long? Seed = null,
    IReadOnlyList<string>? Stop = null)
{
    /// <summary>Few-shot problem generation (Prismatic Synthesis): temperature 1.0, top_p 0.95, one completion holding several problems.</summary>
    public static SamplingParameters ProblemGeneration { get; } = new(Temperature: 1.0, TopP: 0.95, N: 1, MaxTokens: 4096);

    /// <summary>
    /// Solutions: three samples at temperature 0.75, voted on by final answer.
    /// The recipe does not fix top_p for solutions; 1.0 leaves the distribution untruncated.
    /// </summary>
    public static SamplingParameters Solution { get; } = new(Temperature: 0.75, TopP: 1.0, N: 3, MaxTokens: 8192);
}
