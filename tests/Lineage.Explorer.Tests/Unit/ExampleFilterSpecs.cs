using Lineage.Api.Explorer.Access;
using Lineage.Api.Explorer.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Versions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lineage.Explorer.Tests.Unit;

[Trait("Category", "Unit")]
public class ExampleFilterSpecs
{
    private static (ExampleFilter Filter, Dictionary<string, string[]> Errors) Parse(string query) =>
        ExampleFilter.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));

    [Fact]
    public void blank_fields_of_the_form_mean_no_filter()
    {
        var (filter, errors) = Parse("?decision=&rule=&round=&generator=&text=");
        Assert.Empty(errors);
        Assert.True(filter.IsEmpty);
        Assert.Equal("", filter.Query());
    }

    [Fact]
    public void each_bad_value_is_named()
    {
        var (_, errors) = Parse("?decision=2&round=-1&page=0&pageSize=501&after=1.2&before=1.2.3");
        Assert.Equal(["after", "decision", "page", "pageSize", "round"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void a_filter_survives_its_own_query_string()
    {
        var filter = new ExampleFilter(Decision.Dropped, "sparse-cluster", 2, "procedural:algebra", "Olga & Ben", Page: 3, PageSize: 20,
            After: new ExamplePosition(2, 1, 15));
        var (parsed, errors) = Parse(filter.Query());
        Assert.Empty(errors);
        Assert.Equal(filter, parsed);
        Assert.Equal(filter with { Page = 1, PageSize = 50, After = null }, parsed.FiltersOnly());
    }

    [Fact]
    public void the_totals_a_version_states_are_used_and_no_other()
    {
        var v = new VersionSealed("run-a", "ver-a", null, "p", "h", 10, Generated: 100, Kept: 60, Dropped: 40,
            new Dictionary<string, int> { ["length"] = 25, ["verification"] = 15 }, new Dictionary<string, double>(), "m", DateTimeOffset.UnixEpoch);
        Assert.Equal(100, ExampleTableQuery.KnownTotal(v, new ExampleFilter()));
        Assert.Equal(60, ExampleTableQuery.KnownTotal(v, new ExampleFilter(Decision.Kept)));
        Assert.Equal(40, ExampleTableQuery.KnownTotal(v, new ExampleFilter(Decision.Dropped)));
        Assert.Equal(25, ExampleTableQuery.KnownTotal(v, new ExampleFilter(Decision.Dropped, "length")));
        Assert.Equal(0, ExampleTableQuery.KnownTotal(v, new ExampleFilter(Decision.Pending)));
        // A rule alone can also match kept examples whose chain is that one rule; round, generator and text need a count.
        Assert.Null(ExampleTableQuery.KnownTotal(v, new ExampleFilter(Rule: "length")));
        Assert.Null(ExampleTableQuery.KnownTotal(v, new ExampleFilter(Round: 1)));
        Assert.Null(ExampleTableQuery.KnownTotal(v, new ExampleFilter(Text: "x")));
        Assert.Null(ExampleTableQuery.KnownTotal(v, new ExampleFilter(Generator: "procedural:algebra")));
    }

    [Theory]
    [InlineData("/explorer/versions/ver-a?round=2", "/explorer/versions/ver-a?round=2")]
    [InlineData("https://elsewhere.example/explorer/", "/explorer/runs")]
    [InlineData("//elsewhere.example/explorer/", "/explorer/runs")]
    [InlineData("/explorer/\\\\elsewhere", "/explorer/runs")]
    [InlineData("/pipelines", "/explorer/runs")]
    [InlineData("/explorer/login?returnUrl=/explorer/runs", "/explorer/runs")]
    [InlineData(null, "/explorer/runs")]
    public void after_login_only_explorer_pages_are_followed(string? returnUrl, string expected) =>
        Assert.Equal(expected, ExplorerAccess.SafeReturnUrl(returnUrl));
}

[Trait("Category", "Unit")]
public class ExplorerServeHintSpecs
{
    [Fact]
    public void the_demo_ends_with_the_command_that_serves_its_store_and_the_versions_address()
    {
        var lines = Lineage.Api.Explorer.ExplorerServeHint.Lines("ver-abc", ["--seed", "4", "--Lineage:Schema=demo_x", "--Lineage:Postgres=Host=h;Password=p q"]);
        Assert.Equal("  dotnet run --project src/Lineage.Api -c Release -- --urls http://127.0.0.1:5080 --Lineage:Schema=demo_x '--Lineage:Postgres=Host=h;Password=p q'", lines[1]);
        Assert.Equal("  then open http://127.0.0.1:5080/explorer/versions/ver-abc", lines[2]);
    }
}
