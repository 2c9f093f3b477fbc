using System.Globalization;
using Lineage.Domain.Examples;

namespace Lineage.Api.Explorer.Versions;

/// <summary>
/// The examples table's filters and page, as the query string carries them (<c>?decision=dropped&amp;rule=length&amp;page=2</c>).
/// Every filter is optional and an empty one (a form's blank field) means none; <see cref="Parse"/> names each bad
/// one, so a bad link answers 400 naming the field.
/// </summary>
/// <para>
/// Paging is by position: Next and Previous carry the edge row's (round, batch, index) as <c>after</c> or <c>before</c>,
/// so any page costs one index range read, however deep; <c>page</c> only numbers it. A bare <c>page</c> (a typed
/// link) still works, by skipping rows.
/// </para>
public sealed record ExampleFilter(
    Decision? Decision = null, string? Rule = null, int? Round = null, string? Generator = null, string? Text = null,
    int Page = 1, int PageSize = ExampleFilter.DefaultPageSize, ExamplePosition? After = null, ExamplePosition? Before = null)
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
        ExamplePosition? Position(string name)
        {
            var value = query[name].ToString().Trim();
            if (value.Length == 0) return null;
            if (ExamplePosition.TryParse(value, out var p)) return p;
            errors[name] = [$"'{name}' must be a position round.batch.index, e.g. 1.0.49."];
            return null;
        }
        var filter = new ExampleFilter(decision, Text("rule", 100), Int("round", 0), Text("generator", 200), Text("text", MaxTextLength),
            Int("page", 1) ?? 1, Int("pageSize", 1) ?? DefaultPageSize, Position("after"), Position("before"));
        if (filter.After is not null && filter.Before is not null) errors["before"] = ["give 'after' or 'before', not both."];
        if (filter.PageSize > MaxPageSize) errors["pageSize"] = [$"'pageSize' must be at most {MaxPageSize}."];
        return (filter, errors);
    }

    /// <summary>The same filters on another page, as a query string (empty filters left out).</summary>
    public string Query(int? page = null, ExamplePosition? after = null, ExamplePosition? before = null)
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
        if (page is null) (after, before) = (After, Before);
        if (p != 1) Add("after", after?.ToString());
        if (p != 1) Add("before", before?.ToString());
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The filters alone: what a count depends on.</summary>
    public ExampleFilter FiltersOnly() => this with { Page = 1, PageSize = DefaultPageSize, After = null, Before = null };

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Decision is null && Rule is null && Round is null && Generator is null && Text is null;
}

/// <summary>Where an example sits in its run's generation order.</summary>
public sealed record ExamplePosition(int Round, int Batch, int Index)
{
    public static bool TryParse(string text, out ExamplePosition position)
    {
        position = null!;
        var parts = text.Split('.');
        if (parts.Length != 3) return false;
        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        position = new ExamplePosition(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Round}.{Batch}.{Index}");
}
