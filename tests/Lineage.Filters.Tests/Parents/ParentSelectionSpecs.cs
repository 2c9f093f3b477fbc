using Lineage.Filters.Parents;

namespace Lineage.Filters.Tests.Parents;

[Trait("Category", "Unit")]
public class ParentSelectionSpecs
{
    private static ParentCandidate C(string id, int? cluster, int size) => new(id, cluster, size);

    [Fact]
    public void one_parent_per_cluster_from_the_smallest_cluster_up_before_a_second_from_any()
    {
        ParentCandidate[] candidates =
        [
            C("a1", 7, 1), C("b1", 3, 2), C("b2", 3, 2), C("b3", 3, 2),
            C("c1", 9, 2), C("d1", 1, 5), C("d2", 1, 5),
        ];

        var chosen = ParentSelection.Choose(candidates, 6).Select(c => c.ExampleId);

        // First pass: size 1 (cluster 7), size 2 (clusters 3 then 9 by id), size 5 (cluster 1); then the second pass.
        Assert.Equal(["a1", "b1", "c1", "d1", "b2", "d2"], chosen);
    }

    [Fact]
    public void candidates_without_a_cluster_each_count_as_their_own_and_ties_go_by_id()
    {
        var chosen = ParentSelection.Choose([C("z", null, 0), C("y", null, 0), C("x", 4, 0)], 2).Select(c => c.ExampleId);

        // Size 0 for all: the real cluster (id 4) sorts after "no cluster" (-1), then ids decide among those.
        Assert.Equal(["y", "z"], chosen);
    }

    [Fact]
    public void fewer_candidates_than_asked_gives_them_all_and_none_gives_none()
    {
        Assert.Equal(2, ParentSelection.Choose([C("a", 1, 3), C("b", 1, 3)], 32).Count);
        Assert.Empty(ParentSelection.Choose([], 32));
    }
}
