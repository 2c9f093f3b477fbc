using Lineage.Domain.Pools;

namespace Lineage.Domain.Examples;

public enum Decision
{
    Pending,
    Kept,
    Dropped,
}

/// <summary>How the example's answer was checked.</summary>
public sealed record VerificationRecord(
    bool Passed, string Method, string? Answer, string? ExpectedAnswer, string? Reason, IReadOnlyList<AnswerVotes> Votes);

/// <summary>The keep/drop decision with the rule, the reason and the evidence compared.</summary>
public sealed record DecisionRecord(Decision Decision, int Round, string Rule, string Reason, DecisionEvidence Evidence);

/// <summary>
/// One document per example holding its whole chain, so <c>why</c> is one lookup.
/// Built by <see cref="ExampleLineageProjection"/>; the same <see cref="Record"/> folds raw events
/// when a version is rebuilt, so the live projection and the rebuild can never disagree in logic.
/// </summary>
public sealed class ExampleLineage : IPoolExample
{
    /// <summary>
    /// The events that set an example's origin, content (problem, solution, answer) or decision (outcome, rule, round).
    /// Folding only these gives the same <see cref="Origin"/>, <see cref="Content"/>, <see cref="Outcome"/> and
    /// <see cref="Rule"/> as folding all of them: the others (embedding, cluster placements) change none of these. A
    /// manifest needs no more, so a seal and a rebuild read no more.
    /// </summary>
    public static readonly IReadOnlyList<Type> ContentAndDecisionEvents =
    [
        typeof(SeedExampleImported), typeof(ExampleGenerated), typeof(Forks.ExampleForked), typeof(ExampleVerified),
        typeof(ExampleRejected), typeof(ExampleKept), typeof(ExampleDropped),
    ];

    public string Id { get; set; } = "";
    public string RunId { get; set; } = "";
    public int Round { get; set; }
    public int Batch { get; set; }
    public int Index { get; set; }
    public string Origin { get; set; } = "";
    public SeedExampleImported? Seed { get; set; }
    public ExampleGenerated? Generated { get; set; }
    public VerificationRecord? Verification { get; set; }
    public ExampleEmbedded? Embedding { get; set; }
    public List<ExampleAssignedToCluster> Clusters { get; set; } = [];
    /// <summary>Where the latest reclustering of its pipeline's pool placed it (after its run), if any.</summary>
    public PoolMemberAssigned? PoolCluster { get; set; }
    public DecisionRecord? Decision { get; set; }
    /// <summary>Denormalised for filtering: pending, kept or dropped.</summary>
    public Decision Outcome { get; set; }
    /// <summary>Denormalised for filtering: the deciding rule, if decided.</summary>
    public string? Rule { get; set; }
    /// <summary>
    /// SHA-256 of <see cref="Content"/>, as a manifest lists it. Computed when first read after the content last
    /// changed (when the document is stored, or a manifest is built), not at every event that changes it: a fold of a
    /// million examples would otherwise hash each of them once per content event.
    /// </summary>
    public string? ContentSha256
    {
        get
        {
            if (!Volatile.Read(ref _contentChanged)) return _contentSha256;
            _contentSha256 = Content().Sha256();
            Volatile.Write(ref _contentChanged, false);
            return _contentSha256;
        }
        set
        {
            _contentSha256 = value;
            Volatile.Write(ref _contentChanged, false);
        }
    }

    private string? _contentSha256;
    private bool _contentChanged;
    /// <summary>For an example of a fork: the parent's example it was carried from, and the parent version.</summary>
    public string? ForkOf { get; set; }
    public string? ForkOfVersion { get; set; }
    /// <summary>The example of a run this one goes back to (itself, unless it was carried into a fork): how diffs pair examples.</summary>
    public string OriginId => OriginExampleId ?? Id;
    public string? OriginExampleId { get; set; }

    public string Problem => Generated?.Problem ?? Seed?.Problem ?? "";
    public string Solution => Generated?.Solution ?? Seed?.Solution ?? "";
    public string? Answer => Verification?.Answer ?? Generated?.ExpectedAnswer ?? Seed?.Answer;

    int? IPoolExample.DecidedRound => Decision?.Round;

    public ExampleContent Content() => new(Id, Problem, Solution, Answer);

    public void Record(ILineageEvent @event)
    {
        if (Id.Length > 0 && @event.ExampleId != Id)
            throw new InvalidOperationException($"event for {@event.ExampleId} applied to lineage of {Id}");
        switch (@event)
        {
            case SeedExampleImported e:
                Start(e.RunId, e.ExampleId, "seed");
                Seed = e;
                Outcome = Examples.Decision.Kept;
                Rule = "seed";
                Decision = new DecisionRecord(Examples.Decision.Kept, 0, "seed", $"imported from {e.File} line {e.Line}", new DecisionEvidence());
                break;
            case ExampleGenerated e:
                Start(e.RunId, e.ExampleId, "generated");
                (Round, Batch, Index) = (e.Round, e.Batch, e.Index);
                Generated = e;
                break;
            case Forks.ExampleForked e:
                Start(e.RunId, e.ExampleId, "generated");
                (Round, Batch, Index) = (e.Generated.Round, e.Generated.Batch, e.Generated.Index);
                (Generated, Verification, Embedding) = (e.Generated, e.Verification, e.Embedding);
                Clusters = [.. e.Clusters];
                (ForkOf, ForkOfVersion, OriginExampleId) = (e.ParentExampleId, e.ParentVersionId, e.OriginExampleId);
                if (!e.Verification.Passed)
                    Decide(new DecisionRecord(Examples.Decision.Dropped, Round, "verification", e.Verification.Reason ?? "",
                        new DecisionEvidence { Votes = e.Verification.Votes }));
                break;
            case ExampleVerified e:
                Verification = new VerificationRecord(true, e.Method, e.Answer, e.ExpectedAnswer, null, e.Votes);
                break;
            case ExampleRejected e:
                Verification = new VerificationRecord(false, e.Method, e.Answer, e.ExpectedAnswer, e.Reason, e.Votes);
                Decide(new DecisionRecord(Examples.Decision.Dropped, Round, "verification", e.Reason,
                    new DecisionEvidence { Votes = e.Votes }));
                break;
            case ExampleEmbedded e:
                Embedding = e;
                break;
            case ExampleAssignedToCluster e:
                Clusters.Add(e);
                break;
            case PoolMemberAssigned e:
                PoolCluster = e;
                break;
            case ExampleKept e:
                Decide(new DecisionRecord(Examples.Decision.Kept, e.Round, string.Join("+", e.Rules), e.Reason, e.Evidence));
                break;
            case ExampleDropped e:
                Decide(new DecisionRecord(Examples.Decision.Dropped, e.Round, e.Rule, e.Reason, e.Evidence));
                break;
            default:
                throw new InvalidOperationException($"ExampleLineage has no rule for {@event.GetType().Name}");
        }
        // Only these events change the problem, solution or answer.
        if (@event is SeedExampleImported or ExampleGenerated or ExampleVerified or ExampleRejected or Forks.ExampleForked)
            Volatile.Write(ref _contentChanged, true);
    }

    private void Start(string runId, string id, string origin)
    {
        if (Id.Length > 0 && Id != id)
            throw new InvalidOperationException($"event for {id} applied to lineage of {Id}");
        (Id, RunId, Origin) = (id, runId, origin);
    }

    private void Decide(DecisionRecord decision)
    {
        Decision = decision;
        Outcome = decision.Decision;
        Rule = decision.Rule;
    }
}
