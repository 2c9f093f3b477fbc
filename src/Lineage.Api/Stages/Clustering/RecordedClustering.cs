using Lineage.Domain.Examples;

namespace Lineage.Api.Stages.Clustering;

/// <summary>A round's clustering as its cluster stream records it: the summary and where each candidate landed.</summary>
public sealed record RecordedClustering(ClusteringCompleted Completed, IReadOnlyList<ExampleAssignedToCluster> Assignments)
{
    /// <summary>From a cluster stream's events, or null when the stream holds no completed clustering.</summary>
    public static RecordedClustering? Of(IEnumerable<object> events)
    {
        var list = events.ToList();
        return list.OfType<ClusteringCompleted>().SingleOrDefault() is { } completed
            ? new RecordedClustering(completed, list.OfType<ExampleAssignedToCluster>().ToList())
            : null;
    }
}
