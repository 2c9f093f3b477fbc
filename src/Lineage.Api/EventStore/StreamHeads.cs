using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// Questions about stage streams' last events. A stage's stream ends with its completion event: <see cref="StageWriter"/>
/// writes it last and appends nothing to a complete stream. So "has this stage run" is a question about each stream's
/// head: two index lookups per stream (<c>mt_streams</c> by id, then the one event at its version), however many events
/// the stream holds. Asking which events of a stream are of a type visits all of them (a round's cluster or filter
/// stream holds an event per candidate), and a stream-prefix match visits every event in the store; the relay and
/// every command's guard ask once per batch. A version stream ends with <c>RunCompleted</c>, not its seal: ask it otherwise.
/// </summary>
public static class StreamHeads
{
    /// <summary>
    /// <paramref name="select"/> (over <c>s</c>, the stream row, and <c>e</c>, its last event) for each of the streams whose
    /// last event is of one of the types, committed at or below <paramref name="through"/>.
    /// </summary>
    public static Task<IReadOnlyList<T>> QueryAsync<T>(IQuerySession session, string select, string[] streams, string[] eventTypes,
        CancellationToken ct, long through = long.MaxValue) where T : notnull
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        return session.AdvancedSql.QueryAsync<T>($"""
            select {select} from {schema}.mt_streams s
            join {schema}.mt_events e on e.stream_id = s.id and e.version = s.version
            where s.id = any(?) and e.type = any(?) and not e.is_archived and e.seq_id <= ?
            """, ct, streams, eventTypes, through);
    }
}
