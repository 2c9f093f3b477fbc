using System.Text;
using Lineage.Generators.Teachers;

namespace Lineage.Generators.Prompts;

/// <summary>
/// Messages ready for a teacher, with the template they came from. Sha256 covers
/// the messages themselves, so two requests with the same hash asked the same thing.
/// </summary>
public sealed record RenderedPrompt(
    string TemplateId,
    int TemplateVersion,
    string TemplateSha256,
    IReadOnlyList<ChatMessage> Messages)
{
    public string Sha256 { get; } = PromptTemplate.HashHex(Canonical(Messages));

    // Role and content separated by characters that cannot appear in either unescaped,
    // so different message lists cannot produce the same canonical string.
    private static string Canonical(IReadOnlyList<ChatMessage> messages)
    {
        var sb = new StringBuilder();
        foreach (var m in messages) sb.Append(m.Role).Append('\u001f').Append(m.Content).Append('\u001e');
        return sb.ToString();
    }

    public bool Equals(RenderedPrompt? other) => other is not null && Sha256 == other.Sha256
        && TemplateId == other.TemplateId && TemplateVersion == other.TemplateVersion && TemplateSha256 == other.TemplateSha256;

    public override int GetHashCode() => HashCode.Combine(Sha256, TemplateId, TemplateVersion);
}
