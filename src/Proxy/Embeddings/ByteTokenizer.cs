using System.Text;
using Lineage.Proxy.Models;

namespace Lineage.Proxy.Embeddings;

/// <summary>
/// The default proxy's tokenizer: one token per UTF-8 byte (ids 0–255) plus begin, end and
/// padding ids. No vocabulary file, no merges: any text round-trips, and a 259-row embedding
/// keeps the proxy small. A proxy loaded from a Hugging Face folder uses that folder's own tokenizer
/// (<see cref="Tokenization.TokenizerFolder"/>) instead.
/// </summary>
public static class ByteTokenizer
{
    public const long Bos = 256;
    public const long Eos = 257;
    public const long Pad = 258;
    public const int VocabSize = 259;

    public static long[] Encode(string text) => Encoding.UTF8.GetBytes(text).Select(b => (long)b).ToArray();

    public static string Decode(IEnumerable<long> ids) =>
        Encoding.UTF8.GetString(ids.Where(id => id is >= 0 and < 256).Select(id => (byte)id).ToArray());

    /// <summary>BOS, prompt bytes, completion bytes, EOS; the loss covers the completion and EOS.</summary>
    public static ProxyExample Example(string prompt, string completion, int maxTokens = 512)
    {
        var ids = new List<long> { Bos };
        ids.AddRange(Encode(prompt));
        int promptLength = Math.Min(ids.Count, maxTokens - 1);
        ids.AddRange(Encode(completion));
        ids.Add(Eos);
        if (ids.Count > maxTokens) ids.RemoveRange(maxTokens, ids.Count - maxTokens);
        return new ProxyExample(ids.ToArray(), promptLength);
    }
}
