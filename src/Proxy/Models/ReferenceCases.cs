using System.Text.Json;

namespace Lineage.Proxy.Models;

/// <summary>One reference case: a sequence, where its completion starts, and the loss the reference computed.</summary>
public sealed record ReferenceCase(long[] InputIds, int PromptLength, double Loss);

/// <summary>
/// The cases.json of a reference folder (see fixtures/hf-golden/README.md): cases
/// with their losses, and a greedy-generation prompt with the ids the reference returned.
/// </summary>
public sealed record ReferenceCases(IReadOnlyList<ReferenceCase> Cases, long[] GreedyPrompt, long[] GreedyOutput)
{
    public static ReferenceCases Load(string folder)
    {
        string path = Path.Combine(folder, "cases.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: cases.json not found", path);
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        if (!root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: no 'cases' array");
        }
        var list = new List<ReferenceCase>();
        int i = 0;
        foreach (var c in cases.EnumerateArray())
        {
            var ids = Ids(c, "input_ids", $"{path}: case {i}");
            int prompt = c.TryGetProperty("prompt_length", out var p) && p.TryGetInt32(out int pl) ? pl
                : throw new InvalidDataException($"{path}: case {i} has no prompt_length");
            double loss = c.TryGetProperty("loss", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble()
                : throw new InvalidDataException($"{path}: case {i} has no loss");
            if (prompt < 0 || prompt >= ids.Length)
            {
                throw new InvalidDataException($"{path}: case {i} prompt_length {prompt} leaves no completion in {ids.Length} tokens");
            }
            list.Add(new ReferenceCase(ids, prompt, loss));
            i++;
        }
        if (!root.TryGetProperty("greedy", out var greedy) || greedy.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: no 'greedy' object");
        }
        var prompt0 = Ids(greedy, "prompt", $"{path}: greedy");
        var output = Ids(greedy, "output", $"{path}: greedy");
        if (output.Length < prompt0.Length || !output.AsSpan(0, prompt0.Length).SequenceEqual(prompt0))
        {
            throw new InvalidDataException($"{path}: greedy output does not start with its prompt");
        }
        return new ReferenceCases(list, prompt0, output);
    }

    /// <summary>End-of-sequence ids from generation_config.json, else config.json (generate stops on them).</summary>
    public static IReadOnlyList<long> EosTokenIds(string folder)
    {
        foreach (var name in new[] { "generation_config.json", "config.json" })
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            using var doc = ParseJson(path);
            var ids = CausalLMConfig.ReadIds(doc.RootElement, "eos_token_id");
            if (ids.Count > 0 || name == "generation_config.json" && doc.RootElement.TryGetProperty("eos_token_id", out _)) return ids;
        }
        return [];
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    private static long[] Ids(JsonElement parent, string name, string where)
    {
        if (!parent.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array || a.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"{where}: '{name}' must be a non-empty list of token ids");
        }
        return a.EnumerateArray().Select(x => x.TryGetInt64(out long v) ? v
            : throw new InvalidDataException($"{where}: '{name}' holds a non-integer")).ToArray();
    }
}
