using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Lineage.Generators.Prompts;

/// <summary>
/// A versioned prompt. The text holds "[system]" and "[user]" sections with
/// {{variable}} placeholders. Sha256 is over the text with LF line endings, so
/// an example's lineage can prove which wording produced it; any change to the
/// wording must come with a new version.
/// </summary>
public sealed partial record PromptTemplate
{
    public string Id { get; }
    public int Version { get; }
    public string Text { get; }
    public string Sha256 { get; }

    /// <summary>"problem-generation.v1": also the file name stem when templates are loaded from a folder.</summary>
    public string Key => $"{Id}.v{Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public PromptTemplate(string id, int version, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        Id = id;
        Version = version;
        Text = text.ReplaceLineEndings("\n");
        Sha256 = HashHex(Text);
        if (Sections().Count == 0)
            throw new ArgumentException($"Template {Key} has no [system] or [user] section.", nameof(text));
    }

    /// <summary>The names of the {{variables}} the template uses, in order of first use.</summary>
    public IReadOnlyList<string> Variables => Placeholder().Matches(Text).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>(role, body) pairs in order, bodies trimmed.</summary>
    internal IReadOnlyList<(string Role, string Body)> Sections()
    {
        var headers = SectionHeader().Matches(Text);
        return headers.Select((h, i) =>
        {
            var start = h.Index + h.Length;
            var end = i + 1 < headers.Count ? headers[i + 1].Index : Text.Length;
            return (h.Groups[1].Value, Text[start..end].Trim('\n'));
        }).ToList();
    }

    internal static string HashHex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}")]
    internal static partial Regex Placeholder();

    [GeneratedRegex(@"^\[(system|user|assistant)\][ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeader();
}
