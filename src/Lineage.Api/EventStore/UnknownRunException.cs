namespace Lineage.Api.EventStore;

/// <summary>A command named a run this store has never seen: retrying cannot help.</summary>
public sealed class UnknownRunException(string runId) : Exception($"run {runId} does not exist");
