using Lineage.Generators.Procedural.Families;

namespace Lineage.Generators.Procedural;

/// <summary>
/// Generates math problems with exact answers and worked solutions, with no model.
/// Output is a pure function of (seed, index, difficulty, family): workers can
/// generate any slice of a batch independently and a redelivered message
/// regenerates the very same problem.
/// </summary>
public static class ProceduralMathGenerator
{
    private static readonly IReadOnlyList<ProblemFamily> AllFamilies =
    [
        Arithmetic.Family,
        Algebra.Family,
        NumberTheory.Family,
        Combinatorics.Family,
        Probability.Family,
        Geometry.Family,
    ];

    public static IReadOnlyList<string> Families { get; } = AllFamilies.Select(f => f.Name).ToList();

    public static IReadOnlyList<string> TemplateIds { get; } =
        AllFamilies.SelectMany(f => f.Templates).Select(t => t.Id).ToList();

    /// <param name="difficulty">Null draws one of the three levels uniformly.</param>
    /// <param name="family">One of <see cref="Families"/>; null draws a family uniformly.</param>
    public static ProceduralProblem Generate(long seed, int index, Difficulty? difficulty = null, string? family = null)
    {
        if (difficulty is { } requested && !Enum.IsDefined(requested))
            throw new ArgumentOutOfRangeException(nameof(difficulty), requested, "Difficulty must be Easy, Medium or Hard.");
        var chosenFamily = family is null ? null : AllFamilies.FirstOrDefault(f => f.Name == family)
            ?? throw new ArgumentException($"Unknown family '{family}'. Known: {string.Join(", ", Families)}.", nameof(family));

        var rng = new ProblemRng(seed, index);
        // The three choices are always drawn, even when fixed by the caller, so that
        // fixing one of them leaves the random stream of the template unchanged.
        var drawnFamily = rng.Pick(AllFamilies);
        var drawnDifficulty = (Difficulty)rng.Next(1, 3);
        var templateSlot = rng.NextUInt64();

        var f = chosenFamily ?? drawnFamily;
        var level = difficulty ?? drawnDifficulty;
        var template = f.Templates[(int)(templateSlot % (ulong)f.Templates.Count)];
        var draft = template.Build(rng, level);
        var solution = string.Join("\n", draft.Steps) + $"\n\nTherefore the answer is $\\boxed{{{draft.Answer}}}$.";
        return new ProceduralProblem(seed, index, f.Name, level, template.Id, draft.Problem, solution, draft.Answer);
    }
}
