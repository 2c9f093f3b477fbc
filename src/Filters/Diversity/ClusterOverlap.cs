namespace Lineage.Filters.Diversity;

/// <summary>For an ordered pair of groups: how much of <see cref="Group"/> lives where <see cref="Other"/> also lives.</summary>
/// <param name="Fraction">Share of Group's rows whose cluster holds at least one row of Other.</param>
public sealed record GroupOverlap(string Group, string Other, double Fraction);

/// <summary>How mixed the clusters are.</summary>
/// <param name="MeanNormalisedEntropy">
/// Size-weighted mean over populated clusters of H(group shares in the cluster) / ln G, where G
/// is the number of groups overall: 0 when every cluster holds one group, 1 when every cluster
/// holds all groups in equal shares. Defined as 0 when there is a single group.
/// </param>
/// <param name="SingleGroupClusterFraction">Share of populated clusters that hold rows of one group only.</param>
public sealed record ClusterMixing(double MeanNormalisedEntropy, double SingleGroupClusterFraction, int PopulatedClusters);

/// <summary>
/// Measures of whether groups (generators, teachers, prompts) land in the same clusters: the
/// "hivemind" question. High overlap and mixing mean the groups produce the same kinds of
/// examples; low means each group covers its own region of gradient space. Pure counting.
/// </summary>
public static class ClusterOverlap
{
    /// <summary>Every ordered pair of distinct groups, in ordinal order of (Group, Other).</summary>
    public static IReadOnlyList<GroupOverlap> Pairs(IReadOnlyList<string> groupKeys, IReadOnlyList<long> clusters)
    {
        var members = Members(groupKeys, clusters);
        var groups = members.Keys.OrderBy(g => g, StringComparer.Ordinal).ToArray();
        var clustersOf = groups.ToDictionary(g => g, g => members[g].Keys.ToHashSet());
        var result = new List<GroupOverlap>();
        foreach (var group in groups)
        {
            long total = members[group].Values.Sum();
            foreach (var other in groups)
            {
                if (other == group) continue;
                long shared = members[group].Where(c => clustersOf[other].Contains(c.Key)).Sum(c => c.Value);
                result.Add(new GroupOverlap(group, other, (double)shared / total));
            }
        }
        return result;
    }

    public static ClusterMixing Mixing(IReadOnlyList<string> groupKeys, IReadOnlyList<long> clusters)
    {
        var byCluster = new Dictionary<long, Dictionary<string, long>>();
        for (int i = 0; i < clusters.Count; i++)
        {
            if (!byCluster.TryGetValue(clusters[i], out var counts)) byCluster[clusters[i]] = counts = [];
            counts[groupKeys[i]] = counts.GetValueOrDefault(groupKeys[i]) + 1;
        }
        int groupCount = groupKeys.Distinct(StringComparer.Ordinal).Count();
        double weighted = 0;
        long rows = 0;
        int single = 0;
        foreach (var counts in byCluster.Values)
        {
            long size = counts.Values.Sum();
            if (counts.Count == 1) single++;
            double entropy = -counts.Values.Sum(c => (double)c / size * Math.Log((double)c / size));
            weighted += size * (groupCount > 1 ? entropy / Math.Log(groupCount) : 0);
            rows += size;
        }
        return new ClusterMixing(
            rows == 0 ? 0 : weighted / rows,
            byCluster.Count == 0 ? 0 : (double)single / byCluster.Count,
            byCluster.Count);
    }

    private static Dictionary<string, Dictionary<long, long>> Members(IReadOnlyList<string> groupKeys, IReadOnlyList<long> clusters)
    {
        if (groupKeys.Count != clusters.Count)
        {
            throw new ArgumentException($"{groupKeys.Count} group keys for {clusters.Count} cluster assignments");
        }
        var members = new Dictionary<string, Dictionary<long, long>>(StringComparer.Ordinal);
        for (int i = 0; i < groupKeys.Count; i++)
        {
            if (!members.TryGetValue(groupKeys[i], out var counts)) members[groupKeys[i]] = counts = [];
            counts[clusters[i]] = counts.GetValueOrDefault(clusters[i]) + 1;
        }
        return members;
    }
}
