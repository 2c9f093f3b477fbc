namespace Lineage.Api.EventStore;

/// <summary>
/// A stream-key prefix as a <c>LIKE … escape '\'</c> pattern: the prefix's own <c>%</c>, <c>_</c> and <c>\</c> match
/// only themselves. Under the database's <c>C.UTF-8</c> collation PostgreSQL answers such a match by visiting every
/// row, not the index: fine on <c>mt_streams</c> (a row per stream), a scan of the log on <c>mt_events</c>.
/// </summary>
internal static class StreamPrefix
{
    public static string Like(string prefix) => prefix.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
