using Lineage.Domain.Examples;

namespace Lineage.Api.Exports;

/// <summary>The proxy that embedded an example, as its embedding event records it.</summary>
public sealed record ProxyUsed(string Model, string WeightsSha256, string Tokenizer, string Mode, int Dimension, long ProjectionSeed);

/// <summary>
/// What the dataset card says about the examples themselves (how they were graded and embedded, which rules kept
/// them), counted while the rows stream past, so the card needs no second pass over the version.
/// </summary>
public sealed class VersionTally
{
    public SortedDictionary<string, int> KeptByRule { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Graders { get; } = new(StringComparer.Ordinal);
    public Dictionary<ProxyUsed, int> Proxies { get; } = [];

    public void Add(ExampleLineage x)
    {
        Increment(KeptByRule, x.Rule ?? "(none)");
        Increment(Graders, x.Verification?.Method ?? "(not verified)");
        if (x.Embedding is { } e)
        {
            var proxy = new ProxyUsed(e.ProxyModelId, e.WeightsSha256, e.TokenizerId, e.ProjectionMode, e.Dimension, e.ProjectionSeed);
            Proxies[proxy] = Proxies.GetValueOrDefault(proxy) + 1;
        }
    }

    private static void Increment(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
