namespace Lineage.Generators.Prompts;

/// <summary>Asks a teacher to solve one problem with the final answer boxed.</summary>
public static class SolutionPrompt
{
    public static RenderedPrompt Build(string problem, PromptTemplate? template = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        return PromptRenderer.Render(template ?? PromptLibrary.Solution, new Dictionary<string, string> { ["problem"] = problem.Trim() });
    }
}
