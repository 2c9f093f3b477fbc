using JasperFx;
using JasperFx.Events;
using Lineage.Api.Options;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// Writes a stage's output stream in transactions of at most <see cref="LineageOptions.EventsPerTransaction"/> events.
/// The first transaction starts the stream (a second delivery racing it collides); each later one appends with the
/// stream's expected version after it, so two deliveries can never both write the same events. The completion event
/// is the output's last, so the stream is <see cref="IsCompleteAsync">complete</see> only when everything is in.
/// A delivery that finds the stream partly written (a worker killed between two transactions) recomputes the output,
/// which stages compute from the log deterministically, checks that the written part ends where its own output does
/// at that point, and appends only the rest: nothing is written twice and nothing is lost.
/// </summary>
public sealed class StageWriter(IDocumentStore store, LineageOptions options)
{
    public IDocumentStore Store => store;

    /// <summary>Whether the stream holds <paramref name="completion"/>: the stage that writes it has run.</summary>
    public static Task<bool> IsCompleteAsync(IQuerySession session, string streamKey, Type completion, CancellationToken ct)
    {
        var name = EventTypeExtensions.GetEventTypeName(completion);
        return session.Events.QueryAllRawEvents().AnyAsync(e => e.StreamKey == streamKey && e.EventTypeName == name, ct);
    }

    /// <summary>
    /// Writes <paramref name="events"/> as the stream <paramref name="streamKey"/>, or what of them an earlier delivery
    /// did not. The last transaction runs on <paramref name="session"/>, so documents stored on it commit with the
    /// completion event. True when this call appended anything; false when other deliveries had written it all.
    /// </summary>
    /// <param name="progress">Told after each committed transaction: events written so far, of how many, and how long
    /// that transaction took from its first statement to its commit.</param>
    public async Task<bool> WriteAsync(IDocumentSession session, string streamKey, IReadOnlyList<object> events, CancellationToken ct,
        IProgress<StageWriteProgress>? progress = null)
    {
        var appended = false;
        var perTransaction = Math.Max(1, options.EventsPerTransaction);
        var written = await WrittenAsync(session, streamKey, ct);
        if (written > 0) await CheckResumesAsync(session, streamKey, events, written, ct);
        while (written < events.Count)
        {
            var end = (int)Math.Min(events.Count, written + perTransaction);
            var last = end == events.Count;
            var slice = events.Skip((int)written).Take(end - (int)written).ToArray();
            var writer = last ? session : store.LightweightSession();
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                if (written == 0) writer.Events.StartStream(streamKey, slice);
                else writer.Events.Append(streamKey, end, slice);
                await writer.SaveChangesAsync(ct);
                written = end;
                appended = true;
                progress?.Report(new StageWriteProgress(end, events.Count, clock.Elapsed));
            }
            catch (Exception e) when (LostRace(e))
            {
                // Another delivery of the same command wrote this part first: the same events (the stage is
                // deterministic), so go on from where it has got to.
                await using var probe = store.QuerySession();
                written = await WrittenAsync(probe, streamKey, ct);
                if (last && written < events.Count) throw;
            }
            finally
            {
                if (!ReferenceEquals(writer, session)) writer.Dispose();
            }
        }
        return appended;
    }

    private static async Task<long> WrittenAsync(IQuerySession session, string streamKey, CancellationToken ct) =>
        (await session.Events.FetchStreamStateAsync(streamKey, ct))?.Version ?? 0;

    /// <summary>
    /// A partly written stream must be a beginning of this output: its last event is the output's event at that
    /// position (same type, same example). A stage whose output changed between deliveries would otherwise splice two.
    /// </summary>
    private static async Task CheckResumesAsync(IQuerySession session, string streamKey, IReadOnlyList<object> events, long written, CancellationToken ct)
    {
        var lastWritten = (await session.Events.FetchStreamAsync(streamKey, version: written, fromVersion: written, token: ct)).Single().Data;
        var expected = written <= events.Count ? events[(int)written - 1] : null;
        var same = expected is not null && lastWritten.GetType() == expected.GetType()
            && (lastWritten, expected) switch
            {
                (Domain.Examples.IExampleEvent a, Domain.Examples.IExampleEvent b) => a.ExampleId == b.ExampleId,
                _ => true,
            };
        if (!same)
            throw new InvalidOperationException(
                $"stream {streamKey} holds {written} events that do not begin this delivery's {events.Count}: the stage's output changed between deliveries");
    }

    private static bool LostRace(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException;
}

/// <summary>A stage's output after one more committed transaction (see <see cref="StageWriter.WriteAsync"/>).</summary>
public sealed record StageWriteProgress(long Written, long Total, TimeSpan Transaction);
