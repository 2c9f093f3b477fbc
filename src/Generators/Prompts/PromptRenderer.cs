using Lineage.Generators.Teachers;

namespace Lineage.Generators.Prompts;

public static class PromptRenderer
{
    /// <summary>
    /// Substitutes every {{name}} in one pass (a value containing "{{x}}" is not
    /// expanded again). A variable the template uses but the caller did not give
    /// is a programming error and throws; extra variables are ignored.
    /// </summary>
    public static RenderedPrompt Render(PromptTemplate template, IReadOnlyDictionary<string, string> variables)
    {
        var missing = template.Variables.Where(v => !variables.ContainsKey(v)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Template {template.Key} needs {string.Join(", ", missing)}.", nameof(variables));

        var messages = template.Sections()
            .Select(s => new ChatMessage(s.Role, PromptTemplate.Placeholder().Replace(s.Body, m => variables[m.Groups[1].Value])))
            .ToList();
        return new RenderedPrompt(template.Id, template.Version, template.Sha256, messages);
    }
}
