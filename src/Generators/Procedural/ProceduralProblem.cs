namespace Lineage.Generators.Procedural;

/// <summary>
/// One generated problem. Seed and Index are carried so the problem can be
/// regenerated (and so explained) from the record alone; TemplateId carries a
/// version suffix that changes whenever a template's output changes.
/// </summary>
public sealed record ProceduralProblem(
    long Seed,
    int Index,
    string Family,
    Difficulty Difficulty,
    string TemplateId,
    string Problem,
    string Solution,
    string Answer);
