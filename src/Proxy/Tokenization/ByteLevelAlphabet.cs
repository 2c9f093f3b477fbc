using System.Text;

namespace Lineage.Proxy.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character table, used by every byte-level BPE
/// vocabulary: printable bytes stand for themselves and the rest (controls, space,
/// NBSP, soft hyphen) are shifted to U+0100 and up, so a vocabulary entry is a
/// plain string with no whitespace or control characters in it.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] CharOfByte = BuildCharOfByte();
    private static readonly Dictionary<char, byte> ByteOfChar = CharOfByte
        .Select((c, b) => (c, b))
        .ToDictionary(pair => pair.c, pair => (byte)pair.b);

    public static char CharFor(byte value) => CharOfByte[value];

    /// <summary>The vocabulary spelling of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++) chars[i] = CharOfByte[source[i]];
        });
    }

    /// <summary>Appends the bytes a vocabulary entry stands for.</summary>
    /// <exception cref="ArgumentException">The entry holds a character outside the alphabet.</exception>
    public static void AppendBytes(string token, List<byte> bytes)
    {
        foreach (var c in token)
        {
            if (!ByteOfChar.TryGetValue(c, out var value))
                throw new ArgumentException($"'{token}' is not a byte-level token: U+{(int)c:X4} is outside the alphabet.", nameof(token));
            bytes.Add(value);
        }
    }

    private static char[] BuildCharOfByte()
    {
        var table = new char[256];
        var shifted = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)(256 + shifted++);
        }
        return table;
    }
}
