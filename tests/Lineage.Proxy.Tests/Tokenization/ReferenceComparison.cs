using System.Text;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>Compares a tokenizer with every case of a reference file and names the first difference.</summary>
internal static class ReferenceComparison
{
    public static void AssertEncodesLikeReference(ITextTokenizer tokenizer, ReferenceFile reference)
    {
        var mismatches = reference.Cases
            .Select((c, index) => (c, index, actual: tokenizer.Encode(c.Text)))
            .Where(result => !result.actual.SequenceEqual(result.c.Ids))
            .ToList();

        if (mismatches.Count == 0) return;
        var (first, at, actual) = mismatches[0];
        Assert.Fail(
            $"{mismatches.Count} of {reference.Cases.Length} strings differ from {reference.Reference}. " +
            $"First, case {at}: {Escaped(first.Text)}\n" +
            $"  expected [{string.Join(", ", first.Ids)}]\n" +
            $"  actual   [{string.Join(", ", actual)}]");
    }

    /// <summary>The text with every non-ASCII or control character as \uXXXX, so the failure shows what it is.</summary>
    public static string Escaped(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text)
            result.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        return result.Append('"').ToString();
    }
}
