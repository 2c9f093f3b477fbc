using System.Globalization;

namespace Lineage.Api.Explorer.Shared;

/// <summary>How the pages write numbers, times and long ids: invariant culture, so a page reads the same on every server.</summary>
public static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Count(long n) => n.ToString("N0", Inv);
    public static string Number(double? x, string format = "0.000") => x is { } v ? v.ToString(format, Inv) : "–";
    public static string Percent(double part, double whole) => whole <= 0 ? "–" : (part / whole).ToString("0.0%", Inv);
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Inv) + " UTC";
    public static string Hash(string? sha) => sha is { Length: > 12 } s ? s[..12] + "…" : sha ?? "–";
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
    public static string Duration(TimeSpan d) => d.TotalSeconds < 90 ? $"{d.TotalSeconds:0} s" : d.TotalMinutes < 90 ? $"{d.TotalMinutes:0} min" : $"{d.TotalHours:0.0} h";
}
