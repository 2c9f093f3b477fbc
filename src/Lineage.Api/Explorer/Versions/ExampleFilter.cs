using System.Globalization;
using Lineage.Domain.Examples;

namespace Lineage.Api.Explorer.Versions;

/// <summary>
/// The examples table's filters and page, as the query string carries them (<c>?decision=dropped&amp;rule=length&amp;page=2</c>).
/// Every filter is optional and an empty one (a form's blank field) means none; <see cref="Parse"/> names each bad
/// one, so a bad link answers 400 naming the field.
/// </summary>
public sealed record ExampleFilter(
    Decision? Decision = null, string? Rule = null, int? Round = null, string? Generator = null, string? Text = null,
    int Page = 1, int PageSize = ExampleFilter.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxTextLength = 200;

    public static (ExampleFilter Filter, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        string? Text(string name, int max)
        {
            var value = query[name].ToString().Trim();
            if (value.Length > max) errors[name] = [$"'{name}' must be at most {max} characters."];
            return value.Length == 0 ? null : value;
        }
        int? Int(string name, int min)
        {
            var value = query[name].ToString().Trim();
            if (value.Length == 0) return null;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
            errors[name] = [$"'{name}' must be a whole number of at least {min}."];
            return null;
        }
        Decision? decision = null;
        if (Text("decision", 20) is { } d)
        {
            if (Enum.TryParse<Decision>(d, true, out var parsed) && !char.IsDigit(d[0])) decision = parsed;
            else errors["decision"] = ["'decision' must be pending, kept or dropped."];
        }
        var filter = new ExampleFilter(decision, Text("rule", 100), Int("round", 0), Text("generator", 200), Text("text", MaxTextLength),
            Int("page", 1) ?? 1, Int("pageSize", 1) ?? DefaultPageSize);
        if (filter.PageSize > MaxPageSize) errors["pageSize"] = [$"'pageSize' must be at most {MaxPageSize}."];
        return (filter, errors);
    }

    /// <summary>The same filters on another page, as a query string (empty filters left out).</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add("decision", Decision?.ToString().ToLowerInvariant());
        Add("rule", Rule);
        Add("round", Round?.ToString(CultureInfo.InvariantCulture));
        Add("generator", Generator);
        Add("text", Text);
        var p = page ?? Page;
        if (p != 1) Add("page", p.ToString(CultureInfo.InvariantCulture));
        if (PageSize != DefaultPageSize) Add("pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public bool IsEmpty => Decision is null && Rule is null && Round is null && Generator is null && Text is null;
}
