using JasperFx.Events;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;

namespace Lineage.Faults.Campaign;

/// <summary>One event type in both runs: counts, and whether the payloads (clock fields aside) are the same set.</summary>
public sealed record TypeRow(string Type, long Undisturbed, long Faulted, bool SamePayloads);

/// <summary>
/// The faulted run's event log against the undisturbed run's, type by type. Lost: events the undisturbed run has and
/// the faulted one lacks; extra: the reverse; a type whose counts agree but whose payloads differ is a mismatch. A
/// stage is complete when its completion event (<see cref="StageTable"/>) is there as often as in the undisturbed run.
/// </summary>
public sealed record Comparison(IReadOnlyList<TypeRow> Rows, long Lost, long Extra, int Mismatches, IReadOnlyList<string> IncompleteStages, bool ManifestsMatch)
{
    /// <summary>Failures are recorded as events of their own; they are reported apart, not as extra events.</summary>
    public static readonly string FailureType = EventTypeExtensions.GetEventTypeName(typeof(StageFailed));

    public static Comparison Of(Census undisturbed, Census faulted)
    {
        var types = undisturbed.Types.Select(t => t.Type).Union(faulted.Types.Select(t => t.Type)).Where(t => t != FailureType).Order(StringComparer.Ordinal);
        var rows = types.Select(type =>
        {
            var (a, b) = (undisturbed.Types.FirstOrDefault(t => t.Type == type), faulted.Types.FirstOrDefault(t => t.Type == type));
            return new TypeRow(type, a?.Events ?? 0, b?.Events ?? 0, a is not null && b is not null && a.Digest == b.Digest);
        }).ToList();
        var incomplete = StageTable.All
            .Where(stage => undisturbed.EventsOf(CompletionOf(stage)) is var expected && (expected == 0 || faulted.EventsOf(CompletionOf(stage)) != expected))
            .Select(stage => stage.Name).ToList();
        return new Comparison(rows,
            Lost: rows.Sum(r => Math.Max(0, r.Undisturbed - r.Faulted)),
            Extra: rows.Sum(r => Math.Max(0, r.Faulted - r.Undisturbed)),
            Mismatches: rows.Count(r => r.Undisturbed == r.Faulted && !r.SamePayloads),
            IncompleteStages: incomplete,
            ManifestsMatch: undisturbed.ManifestHash is not null && undisturbed.ManifestHash == faulted.ManifestHash);
    }

    public static string CompletionOf(Stage stage) => EventTypeExtensions.GetEventTypeName(stage.Completion);
}
