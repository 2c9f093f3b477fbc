namespace Lineage.Domain.Examples;

/// <summary>
/// What pool work (clustering, the duplicate and sparse-cluster rules, G-Vendi, reclustering) reads of an example:
/// its id, origin, texts, embedding and decision. A whole <see cref="ExampleLineage"/> is one; a
/// <see cref="PoolEntry"/> is the narrow row stages read at scale, without the raw output, sampling and evidence.
/// </summary>
public interface IPoolExample
{
    string Id { get; }
    string Origin { get; }
    string Problem { get; }
    string Solution { get; }
    ExampleEmbedded? Embedding { get; }
    /// <summary>Kept, dropped, or pending.</summary>
    Decision Outcome { get; }
    /// <summary>The round that decided it (seeds: 0), or null while pending.</summary>
    int? DecidedRound { get; }
}

/// <summary>An example as pool work sees it, folded from the log's narrow columns (see <c>PoolEntries</c> in the API).</summary>
public sealed record PoolEntry(
    string Id, string RunId, string Origin, string Problem, string Solution, ExampleEmbedded? Embedding, Decision Outcome, int? DecidedRound)
    : IPoolExample;
