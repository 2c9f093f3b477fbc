using System.Text.RegularExpressions;

namespace Lineage.Generators.Prompts;

/// <summary>A response split into the model's private reasoning and the text it presents as its answer.</summary>
public sealed record ReasonedText(string? Reasoning, string Final, bool ReasoningTruncated);

/// <summary>
/// Keeps reasoning traces apart from final answers. Reasoning arrives either in a
/// separate field (vLLM's reasoning_content) or inline as &lt;think&gt;…&lt;/think&gt;;
/// some chat templates drop the opening tag, leaving only "…&lt;/think&gt;". A
/// response cut off inside &lt;think&gt; has no final text at all, and says so.
/// </summary>
public static partial class ReasoningSplitter
{
    public static ReasonedText Split(string? content, string? reasoningField = null)
    {
        var text = content ?? "";
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(reasoningField)) parts.Add(reasoningField.Trim());
        var truncated = false;

        var close = CloseTag().Match(text);
        var open = OpenTag().Match(text);
        if (close.Success && (!open.Success || open.Index > close.Index))
        {
            // Only a closing tag: everything before it is reasoning.
            parts.Add(text[..close.Index].Trim());
            text = text[(close.Index + close.Length)..];
        }

        while (OpenTag().Match(text) is { Success: true } start)
        {
            var end = CloseTag().Match(text, start.Index + start.Length);
            if (!end.Success)
            {
                parts.Add(text[(start.Index + start.Length)..].Trim());
                text = text[..start.Index];
                truncated = true;
                break;
            }
            parts.Add(text[(start.Index + start.Length)..end.Index].Trim());
            text = text[..start.Index] + text[(end.Index + end.Length)..];
        }

        var reasoning = parts.Where(p => p.Length > 0).ToList();
        return new ReasonedText(reasoning.Count == 0 ? null : string.Join("\n\n", reasoning), text.Trim(), truncated);
    }

    [GeneratedRegex(@"<(think|thinking|reasoning)>", RegexOptions.IgnoreCase)]
    private static partial Regex OpenTag();

    [GeneratedRegex(@"</(think|thinking|reasoning)>", RegexOptions.IgnoreCase)]
    private static partial Regex CloseTag();
}
