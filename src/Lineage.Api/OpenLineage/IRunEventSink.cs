namespace Lineage.Api.OpenLineage;

/// <summary>Where serialized run events go. Throws when the event did not arrive; <see cref="RunEventRejectedException"/> when it never will.</summary>
public interface IRunEventSink
{
    Task SendAsync(string json, CancellationToken ct);
}

/// <summary>The receiver answered that this event is wrong (a 4xx other than 408 and 429): sending it again cannot help.</summary>
public sealed class RunEventRejectedException(string message) : Exception(message);
