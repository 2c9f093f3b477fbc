using System.Globalization;
using System.Text;

namespace Lineage.Filters.Rules;

/// <summary>
/// The one text normalisation that the duplicate and n-gram rules share, so "the same text"
/// means the same thing to both:
/// 1. Unicode NFKC (full-width digits, ligatures and no-break spaces become their plain forms);
/// 2. lower case (invariant culture);
/// 3. every punctuation character (Unicode categories Pc, Pd, Ps, Pe, Pi, Pf, Po) becomes a space:
///    replaced rather than deleted so "(2)(3)" does not turn into "23"; symbols such as + = $ stay,
///    because in math text they carry meaning. So do the four operators Unicode files under
///    punctuation: % - / * (Po, Pd). Without them "What is -3 times 4?" would be a copy of
///    "What is 3 times 4?" and "5% of 20" of "5 of 20": distinct problems, one silently dropped;
/// 4. runs of white space become one space; leading and trailing space is removed.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        string folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        bool pendingSpace = false;
        foreach (char c in folded)
        {
            if (char.IsWhiteSpace(c) || IsPunctuation(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The words of the normalised text.</summary>
    public static string[] Words(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsPunctuation(char c) => c is not ('%' or '-' or '/' or '*') && char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
        _ => false,
    };
}
