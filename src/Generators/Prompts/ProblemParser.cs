using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lineage.Generators.Prompts;

/// <summary>
/// Reads the new problems out of a teacher's reply to the problem-generation
/// prompt. Teachers do not always follow the requested format, so several
/// layouts are tried in turn: a JSON array (possibly fenced), "Problem N:" /
/// "### Problem N" / "**Question:**" headers, then a numbered list 1., 2., 3.
/// Preambles ("Here are five new problems:"), trailing answers the teacher added
/// anyway, and reasoning traces are dropped.
/// <para>
/// A reply is untrusted input, so every pattern runs on the non-backtracking engine: time linear in the reply's
/// length whatever it holds (a megabyte of spaces made the adjacent <c>[ \t]*</c> loops of the header pattern
/// backtrack without end).
/// </para>
/// </summary>
public static partial class ProblemParser
{
    public const int DefaultMinLength = 15;

    public static ProblemParseResult Parse(string? content, string? reasoningField = null, int minLength = DefaultMinLength)
    {
        var split = ReasoningSplitter.Split(content, reasoningField);
        if (split.Final.Length == 0)
            return ProblemParseResult.Failed(split.ReasoningTruncated ? "the reply ended inside its reasoning" : "the reply is empty", split.Reasoning);

        foreach (var (format, attempt) in Strategies)
        {
            if (attempt(split.Final) is not { Count: > 0 } raw) continue;
            var problems = raw.Select(Clean).Where(p => p.Length >= minLength).Distinct(StringComparer.Ordinal).ToList();
            return problems.Count > 0
                ? new ProblemParseResult(problems, format, null, split.Reasoning)
                : ProblemParseResult.Failed($"{raw.Count} item(s) found as {format} but all were empty or shorter than {minLength} characters", split.Reasoning);
        }
        return ProblemParseResult.Failed("no problems recognised: expected 'Problem N:' headers, a numbered list or a JSON array", split.Reasoning);
    }

    private static readonly (ProblemListFormat Format, Func<string, List<string>?> Attempt)[] Strategies =
    [
        (ProblemListFormat.Json, FromJson),
        (ProblemListFormat.Headers, FromHeaders),
        (ProblemListFormat.NumberedList, FromNumberedList),
    ];

    private static readonly string[] ProblemFields = ["problem", "question", "text", "content", "prompt"];
    private static readonly string[] ListFields = ["problems", "questions", "items"];

    private static List<string>? FromJson(string text)
    {
        var body = CodeFence().Match(text) is { Success: true } fence ? fence.Groups[1].Value : text;
        var start = body.IndexOfAny(['[', '{']);
        var end = body.LastIndexOfAny([']', '}']);
        if (start < 0 || end <= start) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[start..(end + 1)]);
        }
        catch (JsonException)
        {
            return null; // not JSON: another layout may still match
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
                root = ListFields.Select(f => Property(root, f)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.Array }) ?? root;
            if (root.ValueKind != JsonValueKind.Array) return null;
            return root.EnumerateArray().Select(item => item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => ProblemFields.Select(f => Property(item, f)).FirstOrDefault(p => p is { ValueKind: JsonValueKind.String })?.GetString(),
                _ => null,
            }).OfType<string>().ToList();
        }
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static List<string>? FromHeaders(string text)
    {
        var headers = Header().Matches(text);
        if (headers.Count == 0) return null;
        return headers.Select((h, i) =>
        {
            var start = h.Index + h.Length;
            var end = i + 1 < headers.Count ? headers[i + 1].Index : text.Length;
            return text[start..end];
        }).ToList();
    }

    /// <summary>Items 1, 2, 3, … in sequence; an inner "1." inside an item does not restart the list.</summary>
    private static List<string>? FromNumberedList(string text)
    {
        var lines = NumberedLine().Matches(text);
        var items = new List<string>();
        var expected = 1;
        Match? current = null;
        foreach (Match line in lines)
        {
            if (int.Parse(line.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) != expected) continue;
            if (current is not null) items.Add(text[(current.Index + current.Length)..line.Index]);
            current = line;
            expected++;
        }
        if (current is null) return null;
        items.Add(text[(current.Index + current.Length)..]);
        return items;
    }

    private static string Clean(string problem)
    {
        var s = problem.ReplaceLineEndings("\n");
        // A teacher that answers anyway: keep only the problem.
        if (TrailingAnswer().Match(s) is { Success: true } answer) s = s[..answer.Index];
        s = Separator().Replace(s, "");
        s = s.Trim().Trim('*', '_').Trim();
        return ExtraBlankLines().Replace(s, "\n\n");
    }

    [GeneratedRegex(@"```(?:json|JSON)?\s*\n(.*?)```", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(?:New[ \t]+)?(?:Problem|Question)(?:(?:[ \t]*#?[ \t]*\d+[ \t]*(?:\*\*|__)?[ \t]*[:.)\-–]?)|(?:[ \t]*(?:\*\*|__)?[ \t]*:))[ \t]*(?:\*\*|__)?[ \t]*", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Header();

    [GeneratedRegex(@"^[ \t]*(?:\*\*)?(?<n>\d{1,3})[.)](?:\*\*)?[ \t]+", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex NumberedLine();

    [GeneratedRegex(@"^[ \t]*(?:\*\*|__)?[ \t]*(?:Answer|Final answer|Solution|Hint)s?[ \t]*(?:\*\*|__)?[ \t]*[:.]", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex TrailingAnswer();

    [GeneratedRegex(@"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex Separator();

    [GeneratedRegex(@"\n{3,}", RegexOptions.NonBacktracking)]
    private static partial Regex ExtraBlankLines();
}
