using JasperFx.Events;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// Every stage writes its output as one new stream, in one transaction. Starting a stream that
/// already exists fails, which is exactly the idempotency a redelivered command needs.
/// </summary>
public static class StageStreams
{
    public static async Task<bool> ExistsAsync(IQuerySession session, string streamKey, CancellationToken ct) =>
        await session.Events.FetchStreamStateAsync(streamKey, ct) is not null;

    /// <summary>Appends <paramref name="events"/> as the new stream; false when an earlier delivery already did.</summary>
    public static async Task<bool> StartOnceAsync(IDocumentSession session, string streamKey, IReadOnlyList<object> events, CancellationToken ct)
    {
        session.Events.StartStream(streamKey, events.ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (ExistingStreamIdCollisionException)
        {
            return false;
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return false;
        }
    }
}
