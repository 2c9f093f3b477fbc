using System.Net;
using System.Text.Json;
using Lineage.Api.Diffs;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Examples;
using static TorchSharp.torch;

namespace Lineage.Api.Tests.Audits;

/// <summary>The example-level diff of a version and its fork, checked against sets and a G-Vendi computed here.</summary>
[Trait("Category", "Integration")]
[Collection(AuditedVersionCollection.Name)]
public class VersionDiffSpecs(AuditedVersionFixture f)
{
    [Fact]
    public async Task a_diff_pairs_a_fork_with_its_parent_and_says_what_decided_each_side()
    {
        var (runId, versionId) = await f.VersionAsync();
        var fork = await ForkSpecs.ForkAsync(f, versionId);
        var parents = (await f.LineagesAsync(runId)).Where(x => x.Origin == "generated").ToDictionary(x => x.Id);
        var children = (await f.LineagesAsync(fork.Sealed.RunId)).ToDictionary(x => x.ForkOf!);
        var keptA = parents.Values.Where(x => x.Outcome == Decision.Kept).Select(x => x.Id).ToHashSet();
        var keptB = children.Values.Where(x => x.Outcome == Decision.Kept).Select(x => x.ForkOf!).ToHashSet();
        var onlyA = keptA.Except(keptB).Order(StringComparer.Ordinal).ToList();
        var onlyB = keptB.Except(keptA).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(onlyA);

        var all = new List<DiffItem>();
        DiffPage? page = null;
        for (var p = 1; page is null || all.Count < page.Total; p++)
        {
            page = await f.GetAsync<DiffPage>($"/versions/{versionId}/diff/{fork.VersionId}?page={p}&pageSize=3");
            Assert.True(page.Items.Count <= 3);
            all.AddRange(page.Items);
        }
        var s = page.Summary;
        Assert.Equal((onlyA.Count, onlyB.Count, 0, keptA.Intersect(keptB).Count()), (s.OnlyInA, s.OnlyInB, s.Changed, s.Same));
        Assert.Equal(onlyA, all.Where(i => i.Change == "only-a").Select(i => i.Key));
        Assert.Equal(onlyB, all.Where(i => i.Change == "only-b").Select(i => i.Key));
        foreach (var item in all.Where(i => i.Change == "only-a"))
        {
            Assert.Equal(("kept", children[item.Key].Id, children[item.Key].Rule), (item.A!.Decision, item.B!.ExampleId, item.B.Rule));
            Assert.Equal(children[item.Key].Decision!.Evidence.ClusterSize, item.B.Evidence!.ClusterSize);
        }
        var byRule = onlyA.GroupBy(id => children[id].Rule!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(byRule, s.OnlyInAByRule);

        // G-Vendi of each side and of the symmetric difference, from their vectors; an empty side has none.
        Assert.Equal(GVendi(keptA.Select(id => parents[id]).ToList()), s.GVendiA!.Value, 5);
        Assert.Equal(keptB.Count == 0, s.GVendiB is null);
        if (keptB.Count > 0) Assert.Equal(GVendi(keptB.Select(id => children[id]).ToList()), s.GVendiB!.Value, 5);
        Assert.Equal(GVendi(onlyA.Select(id => parents[id]).Concat(onlyB.Select(id => children[id])).ToList()), s.GVendiSymmetricDifference!.Value, 5);
    }

    /// <summary>exp of the entropy of the eigenvalues of XᵀX/n, in double precision: G-Vendi computed here, not by the product.</summary>
    private double GVendi(IReadOnlyList<ExampleLineage> examples)
    {
        using var scope = NewDisposeScope();
        var (x, _) = f.Service<PoolVectors>().Load(examples, null, 64);
        var moment = x.to(ScalarType.Float64).t().matmul(x.to(ScalarType.Float64)) / examples.Count;
        var eigenvalues = linalg.eigvalsh(moment).data<double>().Where(l => l > 1e-12).ToArray();
        return Math.Exp(-eigenvalues.Sum(l => l * Math.Log(l)));
    }

    [Fact]
    public async Task a_version_against_itself_differs_nowhere()
    {
        var (runId, versionId) = await f.VersionAsync();
        var page = await f.GetAsync<DiffPage>($"/versions/{versionId}/diff/{versionId}");
        Assert.Empty(page.Items);
        Assert.Equal((await f.LineagesAsync(runId)).Count(x => x.Origin == "generated" && x.Outcome == Decision.Kept), page.Summary.Same);
        Assert.Equal(page.Summary.GVendiA, page.Summary.GVendiB);
        Assert.Null(page.Summary.GVendiSymmetricDifference);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("pageSize=-1", "pageSize")]
    public async Task bad_paging_is_refused_naming_the_field(string query, string field)
    {
        var (_, versionId) = await f.VersionAsync();
        using var response = await f.Client.GetAsync($"/versions/{versionId}/diff/{versionId}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task an_unknown_version_is_not_found()
    {
        var (_, versionId) = await f.VersionAsync();
        using var response = await f.Client.GetAsync($"/versions/{versionId}/diff/ver-nothing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
