using System.Text;
using Lineage.Api.Teachers;
using Lineage.Proxy.Embeddings;

namespace Lineage.Api.Tests.Teachers;

/// <summary>
/// The incremental reply against a brute-force reference: the whole prefix decoded again at every token, and every
/// stop sequence searched in all of it. Tokens are single UTF-8 bytes (the byte tokenizer), so characters of two to
/// four bytes and invalid bytes arrive split across tokens.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChoiceTextTests
{
    private static readonly string[] Words = ["a", "b", " ", "\n", "é", "€", "😀", "END", "EN", "x"];

    private static string Decode(IReadOnlyList<long> ids) => ByteTokenizer.Decode(ids);

    private static List<long> RandomTokens(Random random)
    {
        var tokens = new List<long>();
        var words = random.Next(1, 40);
        for (var w = 0; w < words; w++)
        {
            if (random.Next(12) == 0) tokens.Add(random.Next(0x80, 0x100)); // a stray byte: invalid UTF-8
            else tokens.AddRange(ByteTokenizer.Encode(Words[random.Next(Words.Length)]));
        }
        return tokens;
    }

    /// <summary>The rule, the slow way: at each token where the text so far ends in a whole character (and at the
    /// end), cut before the earliest stop sequence found anywhere in it.</summary>
    private static (string Text, bool Stopped, int TokensUsed) Reference(IReadOnlyList<long> tokens, string[] stop)
    {
        for (var k = 1; k <= tokens.Count; k++)
        {
            var text = Decode(tokens.Take(k).ToList());
            if (text.EndsWith('\uFFFD') && k < tokens.Count) continue;
            var cuts = stop.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(at => at >= 0).ToList();
            if (cuts.Count > 0) return (text[..cuts.Min()], true, k);
        }
        return (Decode(tokens), false, tokens.Count);
    }

    private static (List<string> Pieces, bool Stopped, int TokensUsed) Incremental(IReadOnlyList<long> tokens, string[] stop)
    {
        var text = new ChoiceText(Decode, stop);
        var pieces = new List<string>();
        var used = 0;
        foreach (var token in tokens)
        {
            used++;
            pieces.Add(text.Push(token));
            if (text.Stopped) break;
        }
        pieces.Add(text.Finish());
        return (pieces, text.Stopped, used);
    }

    [Fact]
    public void without_stop_sequences_the_pieces_add_up_to_the_whole_decoding()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 400; trial++)
        {
            var tokens = RandomTokens(random);
            var (pieces, stopped, used) = Incremental(tokens, []);
            Assert.Equal(Decode(tokens), string.Concat(pieces));
            Assert.False(stopped);
            Assert.Equal(tokens.Count, used);
        }
    }

    [Fact]
    public void with_stop_sequences_the_reply_ends_where_the_reference_cuts_it()
    {
        string[] stop = ["END", "é😀", "\n\n", "b b"];
        var random = new Random(12);
        var stoppedTrials = 0;
        for (var trial = 0; trial < 600; trial++)
        {
            var tokens = RandomTokens(random);
            var (pieces, stopped, used) = Incremental(tokens, stop);
            var reference = Reference(tokens, stop);
            Assert.Equal(reference.Text, string.Concat(pieces));
            Assert.Equal(reference.Stopped, stopped);
            Assert.Equal(reference.TokensUsed, used);
            stoppedTrials += stopped ? 1 : 0;
        }
        // Both outcomes were exercised.
        Assert.InRange(stoppedTrials, 100, 500);
    }

    [Fact]
    public void no_piece_splits_a_character_or_shows_part_of_a_stop_sequence()
    {
        string[] stop = ["END", "é😀"];
        var random = new Random(13);
        for (var trial = 0; trial < 400; trial++)
        {
            var (pieces, _, _) = Incremental(RandomTokens(random), stop);
            var shown = new StringBuilder();
            foreach (var piece in pieces)
            {
                if (piece.Length > 0)
                {
                    Assert.False(char.IsHighSurrogate(piece[^1]), $"piece ends in a high surrogate: {piece}");
                    Assert.False(char.IsLowSurrogate(piece[0]), $"piece starts with a low surrogate: {piece}");
                }
                shown.Append(piece);
                Assert.DoesNotContain("END", shown.ToString());
                Assert.DoesNotContain("é😀", shown.ToString());
            }
        }
    }

    [Fact]
    public void text_that_may_open_a_stop_sequence_is_held_until_it_cannot()
    {
        var text = new ChoiceText(Decode, ["END"]);
        string Push(string s) => string.Concat(ByteTokenizer.Encode(s).Select(text.Push));
        Assert.Equal("ab", Push("abE"));      // "E" may open "END"
        Assert.Equal("", Push("N"));          // "EN" still may
        Assert.Equal("ENx", Push("x"));       // "ENx" cannot
        Assert.Equal("y", Push("yEN"));
        Assert.Equal("", Push("D"));
        Assert.True(text.Stopped);
        Assert.Equal("", text.Finish());
    }

    [Fact]
    public void a_character_split_over_tokens_is_released_whole()
    {
        var text = new ChoiceText(Decode, []);
        var bytes = ByteTokenizer.Encode("😀");
        Assert.Equal(4, bytes.Length);
        Assert.Equal(["", "", "", "😀"], bytes.Select(text.Push).ToArray());
    }
}
