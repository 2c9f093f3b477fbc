namespace Lineage.Api.OpenLineage;

/// <summary>An event as the log stored it: its data and the time it was committed (which every run event it yields carries).</summary>
public sealed record CommittedEvent(object Data, DateTimeOffset Timestamp);
