namespace Lineage.Faults.Campaign;

/// <summary>
/// How far a faulted run has come, measured against the undisturbed run of the same seed: the further of the share of
/// its events already committed and the share of its time to seal already elapsed. Time alone would put every fault
/// into the first part of a run the faults slow down, and leave faults unreached in a run that is quicker (one that
/// finds the proxy already trained); events alone stand still through a long stage that commits once at its end.
/// </summary>
public sealed record RunPace(TimeSpan TimeToSeal, long Events)
{
    public double Progress(TimeSpan elapsed, long events) =>
        Math.Max(elapsed / TimeToSeal, Events == 0 ? 0 : (double)events / Events);
}
