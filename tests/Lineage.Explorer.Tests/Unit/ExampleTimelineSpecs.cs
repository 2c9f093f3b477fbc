using Lineage.Api.Explorer.Examples;
using Lineage.Domain.Examples;

namespace Lineage.Explorer.Tests.Unit;

[Trait("Category", "Unit")]
public class ExampleTimelineSpecs
{
    private static ExampleLineage Fold(params ILineageEvent[] events)
    {
        var x = new ExampleLineage();
        foreach (var e in events) x.Record(e);
        return x;
    }

    private static ExampleGenerated Generated(string id, params string[] parents) => new(
        "run-a", id, 2, 0, 3, "procedural", "procedural-math/v1:t", null, "tpl", parents, new SamplingParameters(0, 1, null, 11),
        "What is 2+2?", "2+2 = 4. \\boxed{4}", "4", "raw", new Dictionary<string, string> { ["family"] = "arithmetic" });

    [Fact]
    public void when_the_length_rule_drops_an_example_the_decided_step_failed_and_names_the_rule_and_the_measured_length()
    {
        var x = Fold(
            Generated("run-a-2-0-3", "run-a-1-0-0"),
            new ExampleVerified("run-a", "run-a-2-0-3", "expected-answer", "4", "4", [new AnswerVotes("4", 3), new AnswerVotes("5", 1)]),
            new ExampleDropped("run-a", "run-a-2-0-3", 2, "length", "too short: 20 characters < minimum 150",
                new DecisionEvidence { Length = 20, MinLength = 150, MaxLength = 1200 }));

        var steps = ExampleTimeline.Build(x);

        Assert.Equal(["generated", "verified", "embedded", "clustered", "decided"], steps.Select(s => s.Kind));
        Assert.Equal(["done", "done", "skipped", "skipped", "failed"], steps.Select(s => s.Status));
        var decided = steps[^1];
        Assert.Equal("Dropped by length", decided.Title);
        Assert.Contains(decided.Evidence, e => e.Label == "length" && e.Value == "20 characters (bounds 150..1200)");
        Assert.Contains(decided.Evidence, e => e.Label == "rule" && e.Value == "length");
        Assert.Equal([("4", 3), ("5", 1)], steps[1].Votes!.Select(v => (v.Answer, v.Count)));
        var parent = Assert.Single(steps[0].Evidence, e => e.Label == "parent");
        Assert.Equal("/explorer/examples/run-a-1-0-0", parent.Href);
    }

    [Fact]
    public void a_sparse_cluster_drop_shows_the_cluster_its_size_and_the_threshold_it_was_compared_with()
    {
        var x = Fold(
            Generated("run-a-2-0-3"),
            new ExampleVerified("run-a", "run-a-2-0-3", "expected-answer", "4", "4", []),
            new ExampleAssignedToCluster("run-a", "run-a-2-0-3", "run-a-c2", 5, 0.91, 9),
            new ExampleDropped("run-a", "run-a-2-0-3", 2, "sparse-cluster", "dense",
                new DecisionEvidence { ClusteringId = "run-a-c2", ClusterId = 5, ClusterSize = 9, Threshold = 4, R = 0.5, K = 8 }));

        var steps = ExampleTimeline.Build(x);

        Assert.Equal("done", steps.Single(s => s.Kind == "clustered").Status);
        Assert.Equal("cluster 5 of size 9", steps.Single(s => s.Kind == "clustered").Summary);
        var evidence = steps[^1].Evidence.ToDictionary(e => e.Label, e => e.Value);
        Assert.Equal("9", evidence["cluster size"]);
        Assert.Equal("kept below size 4 (r = 0.5 of k = 8)", evidence["threshold"]);
        Assert.Equal("5", evidence["cluster"]);
    }

    [Fact]
    public void an_undecided_example_shows_the_steps_not_reached_as_pending()
    {
        var steps = ExampleTimeline.Build(Fold(Generated("run-a-2-0-3")));
        Assert.Equal(["done", "pending", "pending", "pending", "pending"], steps.Select(s => s.Status));
    }
}
