namespace Lineage.Filters.Rules;

/// <summary>
/// What every rule returns: the verdict and a sentence a person can read. Each rule's record
/// adds the evidence behind the verdict (the threshold compared, the matched n-gram, the vote
/// counts) as plain fields, so the event that stores it can explain the decision later.
/// </summary>
public interface IFilterDecision
{
    /// <summary>Stable rule name, e.g. "sparse-cluster".</summary>
    string Rule { get; }

    bool Keep { get; }

    string Reason { get; }
}
