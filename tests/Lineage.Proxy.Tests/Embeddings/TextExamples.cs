using System.Text;
using Lineage.Proxy.Models;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>
/// Instruction/response pairs from a handful of task templates with random fillers,
/// tokenized by a trivial byte mapping (token id = UTF-8 byte) into the fixture vocabulary.
/// Like real fine-tuning data, examples share a format and differ in task and content.
/// </summary>
public static class TextExamples
{
    private static readonly string[] Words =
    [
        "river", "garden", "engine", "winter", "violin", "planet", "bridge", "candle", "forest", "market",
        "silver", "rocket", "harbor", "pencil", "thunder", "castle", "meadow", "lantern", "desert", "island",
    ];

    private static readonly Func<Random, (string Prompt, string Completion)>[] Tasks =
    [
        r => { int a = r.Next(10, 99), b = r.Next(10, 99); return ($"Q: What is {a} plus {b}?\nA:", $" {a + b}."); },
        r => { var w = Pick(r); return ($"Q: Spell '{w}' backwards.\nA:", $" {new string(w.Reverse().ToArray())}"); },
        r => { var w = Pick(r); return ($"Q: Write one sentence about a {w}.\nA:", $" The {w} was quiet near the {Pick(r)} at dawn."); },
        r => { var w = Pick(r); return ($"Q: How many letters are in '{w}'?\nA:", $" {w.Length} letters."); },
        r => { var a = Pick(r); var b = Pick(r); return ($"Q: Which comes first alphabetically, {a} or {b}?\nA:", $" {(string.CompareOrdinal(a, b) <= 0 ? a : b)}"); },
        r => { int n = r.Next(2, 9); return ($"Q: List {n} numbers.\nA:", " " + string.Join(", ", Enumerable.Range(1, n))); },
        r => { var w = Pick(r); return ($"Q: Uppercase '{w}'.\nA:", $" {w.ToUpperInvariant()}"); },
        r => { int a = r.Next(2, 12), b = r.Next(2, 12); return ($"Q: Multiply {a} by {b}.\nA:", $" {a * b}"); },
    ];

    private static string Pick(Random r) => Words[r.Next(Words.Length)];

    public static ProxyExample Encode(string prompt, string completion)
    {
        var p = Encoding.UTF8.GetBytes(prompt).Select(b => (long)b).ToArray();
        var c = Encoding.UTF8.GetBytes(completion).Select(b => (long)b).ToArray();
        return new ProxyExample(p.Concat(c).ToArray(), p.Length);
    }

    public static ProxyExample[] Mixed(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var (prompt, completion) = Tasks[random.Next(Tasks.Length)](random);
            return Encode(prompt, completion);
        }).ToArray();
    }

    /// <summary>A pool drawing from the first <paramref name="taskCount"/> task templates only.</summary>
    public static ProxyExample[] Pool(int taskCount, int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, size).Select(i =>
        {
            var (prompt, completion) = Tasks[i % taskCount](random);
            return Encode(prompt, completion);
        }).ToArray();
    }
}
