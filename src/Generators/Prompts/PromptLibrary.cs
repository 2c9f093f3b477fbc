using System.Globalization;
using System.Text.RegularExpressions;
using Lineage.Generators.Prompts.Templates;

namespace Lineage.Generators.Prompts;

/// <summary>
/// The prompt templates compiled into the library, and a loader for template
/// files ("&lt;id&gt;.v&lt;version&gt;.txt", same [system]/[user] format) so a new
/// wording can be tried without a rebuild. The built-ins are C# literals rather
/// than embedded .txt resources only because embedding needs a csproj item.
/// </summary>
public static partial class PromptLibrary
{
    public static PromptTemplate ProblemGeneration => ProblemGenerationV1.Template;
    public static PromptTemplate Solution => SolutionV1.Template;

    /// <summary>The prismatic recipe's problem prompt (<c>generator.prompts = "prismatic"</c>).</summary>
    public static PromptTemplate PrismaticProblemGeneration => ProblemGenerationPrismaticV1.Template;
    public static PromptTemplate PrismaticSolution => SolutionPrismaticV1.Template;

    public static IReadOnlyList<PromptTemplate> BuiltIn { get; } =
        [ProblemGenerationV1.Template, SolutionV1.Template, ProblemGenerationPrismaticV1.Template, SolutionPrismaticV1.Template];

    public static PromptTemplate Get(string id, int version) =>
        BuiltIn.FirstOrDefault(t => t.Id == id && t.Version == version)
        ?? throw new KeyNotFoundException($"No built-in prompt template {id}.v{version.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>Every "*.v&lt;n&gt;.txt" file in the folder; other files are ignored.</summary>
    public static IReadOnlyList<PromptTemplate> LoadDirectory(string path)
    {
        var templates = new List<PromptTemplate>();
        foreach (var file in Directory.EnumerateFiles(path, "*.txt").Order(StringComparer.Ordinal))
        {
            var match = FileName().Match(Path.GetFileName(file));
            if (!match.Success) continue;
            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            templates.Add(new PromptTemplate(match.Groups["id"].Value, version, File.ReadAllText(file)));
        }
        return templates;
    }

    [GeneratedRegex(@"^(?<id>[a-z0-9][a-z0-9\-]*)\.v(?<version>[1-9][0-9]*)\.txt$")]
    private static partial Regex FileName();
}
