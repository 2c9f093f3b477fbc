using Lineage.Domain.Examples;

namespace Lineage.Filters.Rules;

/// <param name="MatchedNgram">The first matching n-gram (normalised words); null when none matched.</param>
/// <param name="BenchmarkItem">Where it occurs: file label and line, e.g. "gsm8k/test.jsonl:1".</param>
/// <param name="Matches">How many of the candidate's windows matched: one stray phrase vs a copied problem.</param>
public sealed record ContaminationEvidence(int N, string? MatchedNgram, string? BenchmarkItem, int Matches) : RuleEvidence
{
    public override string Sentence(bool keep) => MatchedNgram is null
        ? $"no {N}-word overlap with the benchmark"
        : $"shares \"{MatchedNgram}\" with {BenchmarkItem} ({Matches} matching {N}-grams)";

    public override DecisionEvidence Record(DecisionEvidence recorded) =>
        MatchedNgram is null ? recorded : recorded with { MatchedNgram = MatchedNgram, BenchmarkItem = BenchmarkItem };
}

/// <summary>
/// Decontamination: drops a candidate whose problem shares any word n-gram (default 13, after normalisation)
/// with a benchmark item, so a lightly edited copy of a test problem cannot enter the training data.
/// </summary>
public sealed class DecontaminationRule(NgramIndex index) : ICandidateRule
{
    public const string RuleName = "ngram-overlap";

    public string Name => RuleName;

    public RuleVerdict Judge(Candidate c) => Decide(index, c.Problem);

    public static RuleVerdict Decide(NgramIndex index, string text)
    {
        var matches = index.Matches(TextNormalizer.Words(text)).ToList();
        if (matches.Count == 0) return new RuleVerdict(true, new ContaminationEvidence(index.N, null, null, 0));
        var (gram, item) = matches[0];
        return new RuleVerdict(false, new ContaminationEvidence(index.N, gram, item.Id, matches.Count));
    }

    public void Admit(Candidate candidate) { }
}
