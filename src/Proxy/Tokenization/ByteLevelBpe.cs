using System.Text;
using Microsoft.ML.Tokenizers;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// The byte-level BPE pipeline of HF tokenizers, in its order: added tokens are
/// cut out of the raw text, each remaining stretch is normalised, split by the
/// model's regex, spelled in the byte-level alphabet and merged.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> does the merging. The steps
/// before it are ours because the library cannot express them exactly: its
/// pre-tokenizers are .NET regexes (wrong for letters outside the BMP, see
/// <see cref="SplitPattern"/>), it normalises the whole text before finding
/// special tokens (so <c>&lt;|im_end|&gt;</c> followed by U+0338 would compose
/// into <c>≯</c> and stop being a token), and it has no <c>ignore_merges</c>.
/// </remarks>
internal sealed class ByteLevelBpe
{
    private readonly BpeDefinition _definition;
    private readonly BpeTokenizer _merges;
    private readonly AddedTokenMatcher _addedTokens;
    private readonly Dictionary<int, string> _tokenOfId;
    private readonly Dictionary<int, AddedToken> _addedTokenOfId;

    public ByteLevelBpe(BpeDefinition definition)
    {
        _definition = definition;
        _merges = BpeTokenizer.Create(new BpeOptions(definition.Vocabulary) { Merges = definition.Merges });
        _addedTokens = new AddedTokenMatcher(definition.AddedTokens);
        _tokenOfId = definition.Vocabulary.ToDictionary(entry => entry.Value, entry => entry.Key);
        _addedTokenOfId = definition.AddedTokens.ToDictionary(token => token.Id);
        VocabSize = Math.Max(
            definition.Vocabulary.Values.DefaultIfEmpty(-1).Max(),
            definition.AddedTokens.Select(token => token.Id).DefaultIfEmpty(-1).Max()) + 1;
    }

    public int VocabSize { get; }

    public string Fingerprint => _definition.Fingerprint;

    /// <summary>The id of an added token, by its text.</summary>
    /// <exception cref="KeyNotFoundException">The tokenizer has no such added token.</exception>
    public int AddedTokenId(string content) =>
        _definition.AddedTokens.FirstOrDefault(token => token.Content == content)?.Id
        ?? throw new KeyNotFoundException($"The tokenizer has no added token {content}.");

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        _addedTokens.Split(text, stretch => EncodeOrdinary(stretch, ids), token => ids.Add(token.Id));
        return [.. ids];
    }

    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var pending = new List<byte>();
        foreach (var id in ids)
        {
            if (_addedTokenOfId.TryGetValue(id, out var added))
            {
                Flush(pending, text);
                text.Append(added.Content);
            }
            else if (_tokenOfId.TryGetValue(id, out var token))
            {
                // Bytes are gathered across tokens because one character's UTF-8
                // bytes are often split over several of them.
                ByteLevelAlphabet.AppendBytes(token, pending);
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, "Not a token id of this tokenizer.");
            }
        }
        Flush(pending, text);
        return text.ToString();
    }

    private void EncodeOrdinary(string stretch, List<int> ids)
    {
        var text = _definition.NormalizesToNfc ? Nfc(stretch) : stretch;
        foreach (var piece in _definition.Pattern.Split(text))
        {
            var word = ByteLevelAlphabet.Encode(text[piece]);
            if (_definition.IgnoresMerges && _definition.Vocabulary.TryGetValue(word, out var whole))
                ids.Add(whole);
            else
                ids.AddRange(_merges.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
        }
    }

    /// <summary>
    /// NFC, with lone surrogates first replaced by U+FFFD: .NET refuses to normalise
    /// them, and U+FFFD is what the UTF-8 encoding would turn them into anyway.
    /// </summary>
    private static string Nfc(string text)
    {
        var wellFormed = HasLoneSurrogate(text) ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) : text;
        return wellFormed.Normalize(NormalizationForm.FormC);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else return true;
        }
        return false;
    }

    /// <summary>Invalid UTF-8 becomes U+FFFD, as HF's byte-level decoder does.</summary>
    private static void Flush(List<byte> pending, StringBuilder text)
    {
        if (pending.Count == 0) return;
        text.Append(Encoding.UTF8.GetString(pending.ToArray()));
        pending.Clear();
    }
}
