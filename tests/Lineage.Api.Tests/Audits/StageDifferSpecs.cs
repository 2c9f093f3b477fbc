using Lineage.Api.Audits;
using Lineage.Domain.Examples;

namespace Lineage.Api.Tests.Audits;

[Trait("Category", "Unit")]
public class StageDifferSpecs
{
    private static ExampleDropped Dropped(string id, int size, double cosine) =>
        new("run-1", id, 1, "sparse-cluster", $"size {size}", new DecisionEvidence { ClusterSize = size, Cosine = cosine });

    [Fact]
    public void events_are_paired_by_example_and_each_differing_field_is_named_with_both_sides()
    {
        var differ = new StageDiffer("filter");
        differ.CompareStreams("round 1", [Dropped("a", 3, 0.5), Dropped("b", 4, 0.5)], [Dropped("b", 5, 0.5), Dropped("a", 3, 0.5)]);
        Assert.Equal(2, differ.Checked);
        var result = differ.Result(0, "n");
        Assert.Equal(1, result.Different);
        Assert.Equal(1, result.Identical);
        // The reason and the size differ; the rule, round and cosine do not.
        Assert.Equal(["evidence.clusterSize", "reason"], result.Differences.Select(d => d.Field).Order());
        var size = result.Differences.Single(d => d.Field == "evidence.clusterSize");
        Assert.Equal(("b", "4", "5"), (size.Subject, size.Recorded, size.Rederived));
    }

    [Fact]
    public void a_missing_event_is_a_difference_of_the_event_itself()
    {
        var differ = new StageDiffer("verify");
        differ.CompareStreams("round 1 batch 0", [Dropped("a", 1, 0)], []);
        var d = Assert.Single(differ.Differences);
        Assert.Equal(("a", "(event)", "ExampleDropped by sparse-cluster: size 1", "absent"), (d.Subject, d.Field, d.Recorded, d.Rederived));
    }

    [Fact]
    public void floating_point_fields_are_equal_within_the_tolerance_and_counted_and_others_are_exact()
    {
        var differ = new StageDiffer("cluster", "evidence.cosine");
        differ.Compare("a", Dropped("a", 3, 0.5), Dropped("a", 3, 0.5 + 1e-9));
        differ.Compare("b", Dropped("b", 3, 0.5), Dropped("b", 3, 0.5 + 1e-3));
        Assert.Equal(1, differ.Tolerated);
        Assert.Equal("b", Assert.Single(differ.Differences).Subject);
        Assert.Contains("1 floating-point field", differ.Result(0, "n").Note);
    }
}
