using Lineage.Domain.Examples;

namespace Lineage.Domain.Tests.Examples;

[Trait("Category", "Unit")]
public class ExampleLineageSpecs
{
    private static ExampleLineage Fold(params IExampleEvent[] events)
    {
        var lineage = new ExampleLineage();
        foreach (var e in events) lineage.Record(e);
        return lineage;
    }

    [Fact]
    public void a_generated_candidate_is_pending_with_its_coordinates_and_generator()
    {
        var x = Fold(Sample.Generated("a"));
        Assert.Equal(("a", Sample.Run, "generated"), (x.Id, x.RunId, x.Origin));
        Assert.Equal((1, 3, 7), (x.Round, x.Batch, x.Index));
        Assert.Equal(Decision.Pending, x.Outcome);
        Assert.Null(x.Decision);
        Assert.Null(x.Rule);
        Assert.Equal("procedural-math/v1:add", x.Generated!.GeneratorId);
    }

    [Fact]
    public void a_verified_candidate_is_still_pending_and_its_answer_is_the_verified_one()
    {
        var x = Fold(Sample.Generated("a", expected: "4"), Sample.Verified("a", answer: "4.0"));
        Assert.Equal(Decision.Pending, x.Outcome);
        Assert.True(x.Verification!.Passed);
        Assert.Equal("expected-answer", x.Verification.Method);
        Assert.Equal("4.0", x.Answer);
    }

    [Fact]
    public void generated_then_verified_then_kept_is_kept_by_every_rule_with_the_evidence()
    {
        var evidence = new DecisionEvidence { Length = 40, MinLength = 10, MaxLength = 100 };
        var x = Fold(Sample.Generated("a"), Sample.Verified("a"),
            new ExampleKept(Sample.Run, "a", 1, ["length", "exact-duplicate"], "length 40 within 10..100; no earlier copy", evidence));
        Assert.Equal(Decision.Kept, x.Outcome);
        Assert.Equal("length+exact-duplicate", x.Rule);
        Assert.Equal(new DecisionRecord(Decision.Kept, 1, "length+exact-duplicate", "length 40 within 10..100; no earlier copy", evidence), x.Decision);
    }

    [Fact]
    public void a_rejected_candidate_is_dropped_by_the_verification_rule_with_the_votes_as_evidence()
    {
        var rejected = Sample.Rejected("a");
        var x = Fold(Sample.Generated("a"), rejected);
        Assert.Equal(Decision.Dropped, x.Outcome);
        Assert.Equal("verification", x.Rule);
        Assert.False(x.Verification!.Passed);
        Assert.Equal(rejected.Reason, x.Decision!.Reason);
        Assert.Equal(1, x.Decision.Round);
        Assert.Equal([new AnswerVotes("5", 1)], x.Decision.Evidence.Votes!);
        Assert.Equal("5", x.Answer);
    }

    [Fact]
    public void a_dropped_candidate_names_the_rule_and_its_evidence()
    {
        var evidence = new DecisionEvidence { DuplicateOf = "b" };
        var x = Fold(Sample.Generated("a"), Sample.Verified("a"),
            new ExampleDropped(Sample.Run, "a", 1, "exact-duplicate", "exact duplicate of b", evidence));
        Assert.Equal(Decision.Dropped, x.Outcome);
        Assert.Equal("exact-duplicate", x.Rule);
        Assert.Equal("b", x.Decision!.Evidence.DuplicateOf);
    }

    [Fact]
    public void a_seed_is_kept_from_the_start_with_its_file_and_line()
    {
        var x = Fold(new SeedExampleImported(Sample.Run, "s", "train.jsonl", 12, "p", "s \\boxed{3}", "3"));
        Assert.Equal(("seed", Decision.Kept, "seed"), (x.Origin, x.Outcome, x.Rule));
        Assert.Equal("imported from train.jsonl line 12", x.Decision!.Reason);
        Assert.Equal("3", x.Answer);
    }

    [Fact]
    public void cluster_assignments_accumulate_in_order()
    {
        var x = Fold(Sample.Generated("a"),
            new ExampleAssignedToCluster(Sample.Run, "a", "c1", 4, 0.9, 12),
            new ExampleAssignedToCluster(Sample.Run, "a", "c2", 7, 0.8, 3));
        Assert.Equal(["c1", "c2"], x.Clusters.Select(c => c.ClusteringId));
    }

    [Fact]
    public void events_after_verification_leave_the_content_hash_that_of_the_content()
    {
        var x = Fold(Sample.Generated("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), Sample.Verified("a", "4"),
            new ExampleAssignedToCluster("run-1", "a", "c1", 3, 0.9, 12),
            new ExampleKept("run-1", "a", 1, ["sparse-cluster"], "thin", new DecisionEvidence { ClusterSize = 12 }));
        x.Record(new Lineage.Domain.Pools.PoolMemberAssigned("demo", "a", "pool-1", 5, 0.8, 40));

        Assert.Equal(Sample.ContentSha256("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), x.ContentSha256);
        Assert.Equal(("pool-1", 5, 40), (x.PoolCluster!.ClusteringId, x.PoolCluster.ClusterId, x.PoolCluster.ClusterSize));
        Assert.Equal(Decision.Kept, x.Outcome);
    }

    [Fact]
    public void the_content_hash_covers_id_problem_solution_and_the_verified_answer()
    {
        var x = Fold(Sample.Generated("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), Sample.Verified("a", "4"));
        Assert.Equal(Sample.ContentSha256("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), x.ContentSha256);

        var reverified = Fold(Sample.Generated("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), Sample.Verified("a", "4.0"));
        Assert.Equal(Sample.ContentSha256("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4.0"), reverified.ContentSha256);
        Assert.NotEqual(x.ContentSha256, reverified.ContentSha256);
    }

    [Fact]
    public void the_content_hash_read_between_events_follows_the_content()
    {
        // Hashed when read: read after the generation (the expected answer), then after a verification that changes it.
        var x = Fold(Sample.Generated("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"));
        Assert.Equal(Sample.ContentSha256("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4"), x.ContentSha256);
        x.Record(Sample.Verified("a", "4.0"));
        Assert.Equal(Sample.ContentSha256("a", "What is ½ of 8?", "½ · 8 = \\boxed{4}", "4.0"), x.ContentSha256);
        // A stored document read back keeps the hash it was stored with until its content changes again.
        var stored = new ExampleLineage { ContentSha256 = "stored" };
        Assert.Equal("stored", stored.ContentSha256);
    }

    [Fact]
    public void a_generated_event_for_another_example_throws_and_leaves_the_lineage_as_it_was()
    {
        var x = Fold(Sample.Generated("a", problem: "first"));
        var error = Assert.Throws<InvalidOperationException>(() => x.Record(Sample.Generated("b", problem: "second")));
        Assert.Contains("b", error.Message);
        Assert.Equal(("a", "first"), (x.Id, x.Problem));
    }

    [Fact]
    public void a_seed_for_another_example_throws()
    {
        var x = Fold(Sample.Generated("a"));
        Assert.Throws<InvalidOperationException>(() => x.Record(new SeedExampleImported(Sample.Run, "b", "f", 1, "p", "s", "1")));
    }

    [Fact]
    public void a_verdict_for_another_example_throws()
    {
        var x = Fold(Sample.Generated("a"));
        Assert.Throws<InvalidOperationException>(() => x.Record(Sample.Rejected("b")));
        Assert.Equal(Decision.Pending, x.Outcome);
    }
}

[Trait("Category", "Unit")]
public class ContentAndDecisionEventsSpecs
{
    // The example events left out of ContentAndDecisionEvents, each with an instance to fold: a new event type is in
    // neither list until someone decides whether it changes what a manifest hashes.
    private static readonly IExampleEvent[] LeftOut =
    [
        new ExampleEmbedded(Sample.Run, "a", "proxy", "w", "tok", "fast", 8, 7, "abc#0", "def", 12, 4),
        new ExampleAssignedToCluster(Sample.Run, "a", "c1", 3, 0.5, 9),
    ];

    [Fact]
    public void every_example_event_is_either_listed_or_left_out_by_name()
    {
        var all = typeof(IExampleEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IExampleEvent).IsAssignableFrom(t)).ToHashSet();
        var named = ExampleLineage.ContentAndDecisionEvents.Concat(LeftOut.Select(e => e.GetType())).ToList();
        Assert.Equal(named.Count, named.Distinct().Count());
        Assert.Equal(all.OrderBy(t => t.Name), named.OrderBy(t => t.Name));
    }

    public static TheoryData<string> Histories() => ["generated", "verified", "kept", "rejected", "dropped"];

    [Theory]
    [MemberData(nameof(Histories))]
    public void an_event_left_out_changes_no_origin_content_or_decision(string upTo)
    {
        IExampleEvent[] history = upTo switch
        {
            "generated" => [Sample.Generated("a", expected: "4")],
            "verified" => [Sample.Generated("a", expected: "4"), Sample.Verified("a", answer: "4.0")],
            "kept" => [Sample.Generated("a"), Sample.Verified("a"), new ExampleKept(Sample.Run, "a", 1, ["length"], "ok", new DecisionEvidence())],
            "rejected" => [Sample.Generated("a"), Sample.Rejected("a")],
            _ => [Sample.Generated("a"), Sample.Verified("a"), new ExampleDropped(Sample.Run, "a", 2, "sparse-cluster", "dense", new DecisionEvidence())],
        };
        foreach (var extra in LeftOut)
            for (var at = 0; at <= history.Length; at++)
            {
                var without = new ExampleLineage();
                foreach (var e in history) without.Record(e);
                var with = new ExampleLineage();
                foreach (var e in history.Take(at).Append(extra).Concat(history.Skip(at))) with.Record(e);
                Assert.Equal((without.Origin, without.Content(), without.Outcome, without.Rule, without.Decision?.Round, without.ContentSha256),
                    (with.Origin, with.Content(), with.Outcome, with.Rule, with.Decision?.Round, with.ContentSha256));
            }
    }
}
