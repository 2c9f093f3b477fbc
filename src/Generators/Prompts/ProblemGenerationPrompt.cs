using System.Globalization;
using System.Text;

namespace Lineage.Generators.Prompts;

/// <summary>Few-shot problem generation: k example problems in, several new problems asked for.</summary>
public static class ProblemGenerationPrompt
{
    public const int DefaultProblemsPerCall = 5;

    public static RenderedPrompt Build(IReadOnlyList<string> examples, int count = DefaultProblemsPerCall, PromptTemplate? template = null)
    {
        if (examples.Count == 0) throw new ArgumentException("Few-shot generation needs at least one example.", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var shown = new StringBuilder();
        for (var i = 0; i < examples.Count; i++)
        {
            if (i > 0) shown.Append("\n\n");
            shown.Append("Example ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(":\n").Append(examples[i].Trim());
        }
        return PromptRenderer.Render(template ?? PromptLibrary.ProblemGeneration, new Dictionary<string, string>
        {
            ["examples"] = shown.ToString(),
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
        });
    }
}
