namespace Lineage.Faults.Campaign;

/// <summary>One commit of the undisturbed run: when (after its run started) and how many events the schema held then.</summary>
public sealed record Commit(TimeSpan At, long Events);

/// <summary>Where a fault lands: once the faulted run holds <see cref="Events"/> events, <see cref="Offset"/> later;
/// sooner if it has already got past <see cref="NextEvents"/> (the commit that followed in the undisturbed run).</summary>
public sealed record FaultAnchor(long Events, TimeSpan Offset, long NextEvents);

/// <summary>
/// The undisturbed run's commits, which say where a point of the run lies: moment <c>p · time to seal</c> of the
/// undisturbed run falls after some commit and some seconds into the work that followed it, and the faulted run
/// reaches the same point after the same commits and the same seconds. Time alone would crowd every fault into the
/// first stage a fault slows down (a killed batch starts again), and commits alone would land each fault just after
/// one, never inside the work.
/// </summary>
public sealed record RunTimeline(IReadOnlyList<Commit> Commits, TimeSpan TimeToSeal)
{
    public FaultAnchor Anchor(double point)
    {
        var at = TimeToSeal * point;
        var before = Commits.LastOrDefault(c => c.At <= at) ?? new Commit(TimeSpan.Zero, 0);
        var after = Commits.FirstOrDefault(c => c.At > at);
        return new FaultAnchor(before.Events, at - before.At, after?.Events ?? long.MaxValue);
    }
}
