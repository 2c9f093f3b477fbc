namespace Lineage.Generators.Procedural;

/// <summary>What a template produces before the generator adds the boxed conclusion.</summary>
internal sealed record ProblemDraft(string Problem, IReadOnlyList<string> Steps, string Answer);

/// <summary>A named recipe for one kind of problem at any of the three difficulties.</summary>
internal sealed record ProblemTemplate(string Id, Func<ProblemRng, Difficulty, ProblemDraft> Build);

/// <summary>A family groups templates; the generator picks a family first, then a template.</summary>
internal sealed record ProblemFamily(string Name, IReadOnlyList<ProblemTemplate> Templates);
