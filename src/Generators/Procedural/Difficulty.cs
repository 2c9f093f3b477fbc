namespace Lineage.Generators.Procedural;

/// <summary>Three levels; the numeric value is stable and may be stored in events.</summary>
public enum Difficulty
{
    Easy = 1,
    Medium = 2,
    Hard = 3,
}
