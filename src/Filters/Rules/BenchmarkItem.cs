using System.Text.Json;

namespace Lineage.Filters.Rules;

/// <summary>One benchmark problem, identified by where it came from.</summary>
/// <param name="Source">A label for the file, e.g. "gsm8k/test.jsonl".</param>
/// <param name="Line">1-based line number in that file.</param>
public sealed record BenchmarkItem(string Source, int Line, string Text)
{
    public string Id => $"{Source}:{Line}";
}

/// <summary>Reads benchmark files; the only I/O of the decontamination path.</summary>
public static class BenchmarkFile
{
    /// <summary>
    /// One item per non-blank JSONL line, the text taken from the string fields named (joined
    /// by a newline when several are present, e.g. "question" and "answer").
    /// </summary>
    /// <param name="source">Label recorded as evidence; the path as given when null.</param>
    public static IEnumerable<BenchmarkItem> ReadJsonl(string path, IReadOnlyList<string>? fields = null, string? source = null)
    {
        fields ??= ["question"];
        source ??= path;
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var json = JsonDocument.Parse(text);
            var parts = fields
                .Select(f => json.RootElement.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                .OfType<string>()
                .ToArray();
            if (parts.Length == 0)
            {
                throw new InvalidDataException($"{path}:{line}: none of the fields {string.Join(", ", fields)} holds a string");
            }
            yield return new BenchmarkItem(source, line, string.Join("\n", parts));
        }
    }
}
