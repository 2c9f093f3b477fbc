using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

[Trait("Category", "Unit")]
public class ByteLevelAlphabetTests
{
    [Fact]
    public void every_byte_has_its_own_character()
    {
        var chars = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharFor((byte)b)).ToHashSet();

        Assert.Equal(256, chars.Count);
    }

    [Fact]
    public void space_and_newline_are_spelled_as_in_gpt2_vocabularies()
    {
        Assert.Equal("\u0120hello\u010A", ByteLevelAlphabet.Encode(" hello\n"));
    }

    [Fact]
    public void bytes_round_trip_through_their_characters()
    {
        var bytes = new List<byte>();
        ByteLevelAlphabet.AppendBytes(ByteLevelAlphabet.Encode("caf\u00e9 \uD83D\uDC4D"), bytes);

        Assert.Equal("caf\u00e9 \uD83D\uDC4D"u8.ToArray(), bytes);
    }

    [Fact]
    public void a_character_outside_the_alphabet_is_refused() =>
        Assert.Throws<ArgumentException>(() => ByteLevelAlphabet.AppendBytes(" ", []));
}
