using System.Globalization;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Forks;

/// <summary>
/// The settings a fork may change: those the filters and the clustering read. Everything else (generator, batch
/// sizes, embedding mode, dimension, proxy, projection seed) would need regenerating or re-embedding, which is what
/// a fork exists to avoid. Values are parsed and written back in one form, so <c>0.30</c> and <c>0.3</c> name one fork.
/// </summary>
public static class ForkOverrides
{
    private sealed record Key(string Name, bool Clusters, Func<PipelineConfig, string, (PipelineConfig? Config, string Value, string? Error)> Apply);

    private static readonly Key[] Keys =
    [
        new("diversity.r", false, (c, v) => Diversity(c, v, "diversity.r", d => Fraction(v, false) is { } r ? (d with { R = r }, Text(r)) : null, "a number in (0, 1]")),
        new("diversity.kRatio", true, (c, v) => Diversity(c, v, "diversity.kRatio", d => Fraction(v, false) is { } k ? (d with { KRatio = k }, Text(k)) : null, "a number in (0, 1]")),
        new("diversity.iterations", true, (c, v) => Diversity(c, v, "diversity.iterations", d => Whole(v, 1, 1000) is { } n ? (d with { Iterations = n }, Text(n)) : null, "a whole number in 1..1000")),
        new("diversity.kMeans", true, (c, v) => Diversity(c, v, "diversity.kMeans", d => v is "lineage" or "first-k" ? (d with { KMeans = v }, v) : null, "lineage or first-k")),
        new("diversity.keepAllWhenNoneSparse", false, (c, v) => Diversity(c, v, "diversity.keepAllWhenNoneSparse",
            d => bool.TryParse(v, out var b) ? (d with { KeepAllWhenNoneSparse = b }, b ? "true" : "false") : null, "true or false")),
        new("length.minChars", false, (c, v) => Length(c, v, l => Whole(v, 0, int.MaxValue) is { } n ? (l with { MinChars = n }, Text(n)) : null, "must be a whole number ≥ 0")),
        new("length.maxChars", false, (c, v) => Length(c, v, l => Whole(v, 1, int.MaxValue) is { } n ? (l with { MaxChars = n }, Text(n)) : null, "must be a whole number ≥ 1")),
        new("deduplicate", false, (c, v) => bool.TryParse(v, out var b) ? (c with { Deduplicate = b }, b ? "true" : "false", null) : (null, v, "must be true or false")),
        new("decontamination.n", false, (c, v) => c.Decontamination is null ? (null, v, "the version has no decontamination settings")
            : Whole(v, 3, 64) is { } n ? (c with { Decontamination = c.Decontamination with { N = n } }, Text(n), null) : (null, v, "must be a whole number in 3..64")),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Keys.Select(k => k.Name)];

    /// <summary>The effective config, the overrides in their one written form, and whether clustering settings changed.</summary>
    public sealed record Result(PipelineConfig Config, IReadOnlyDictionary<string, string> Overrides, bool ClusteringChanged);

    /// <summary>Applies <paramref name="set"/> to <paramref name="config"/>; errors are keyed <c>set.{key}</c>, one per bad key.</summary>
    public static (Result? Result, IDictionary<string, string[]> Errors) Apply(PipelineConfig config, IReadOnlyDictionary<string, string> set)
    {
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var overrides = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var clustering = false;
        if (set.Count == 0) errors["set"] = [$"give at least one setting to change; a fork can set {string.Join(", ", Names)}"];
        foreach (var (name, value) in set.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var key = Keys.FirstOrDefault(k => k.Name == name);
            if (key is null)
            {
                errors[$"set.{name}"] = [$"'{name}' is not a setting a fork can change; it can set {string.Join(", ", Names)} (anything else needs regenerating or re-embedding)"];
                continue;
            }
            var (next, written, error) = key.Apply(config, value.Trim());
            if (next is null)
            {
                errors[$"set.{name}"] = [$"'{value}' for {name}: {error}"];
                continue;
            }
            (config, overrides[name], clustering) = (next, written, clustering || key.Clusters);
        }
        if (errors.Count == 0 && config.Length is { } length && length.MaxChars <= length.MinChars)
        {
            var named = overrides.ContainsKey("length.maxChars") ? "length.maxChars" : "length.minChars";
            errors[$"set.{named}"] = [$"length.maxChars ({length.MaxChars}) must be greater than length.minChars ({length.MinChars})"];
        }
        return errors.Count > 0 ? (null, errors) : (new Result(config, overrides, clustering), errors);
    }

    private static (PipelineConfig?, string, string?) Diversity(
        PipelineConfig c, string v, string name, Func<DiversityConfig, (DiversityConfig, string)?> change, string expected)
    {
        if (c.Diversity is null) return (null, v, "the version has no diversity settings: nothing was embedded or clustered");
        return change(c.Diversity) is { } done ? (c with { Diversity = done.Item1 }, done.Item2, null) : (null, v, $"{name} must be {expected}");
    }

    // A version made without a length rule (the paper's recipe has none) is not given one by a fork: which bounds the
    // other side would take is not the fork's to guess, and a fork changes settings, it does not add rules.
    private static (PipelineConfig?, string, string?) Length(
        PipelineConfig c, string v, Func<LengthBounds, (LengthBounds, string)?> change, string expected)
    {
        if (c.Length is null) return (null, v, "the version has no length rule to change");
        return change(c.Length) is { } done ? (c with { Length = done.Item1 }, done.Item2, null) : (null, v, expected);
    }

    private static double? Fraction(string v, bool zero) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && (zero ? x >= 0 : x > 0) && x <= 1 ? x : null;

    private static int? Whole(string v, int min, int max) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    private static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
