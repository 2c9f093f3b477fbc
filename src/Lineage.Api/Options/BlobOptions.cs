namespace Lineage.Api.Options;

/// <summary>The <c>Lineage:Blobs</c> section: where embedding matrices and centroids are kept (docs/scaling.md).</summary>
public sealed class BlobOptions
{
    public const string Files = "files";
    public const string Postgres = "postgres";
    public static readonly IReadOnlyList<string> Stores = [Files, Postgres];

    /// <summary>
    /// <c>files</c>: content-addressed files under <see cref="LineageOptions.DataDirectory"/>, which every embed,
    /// cluster and filter worker must then share. <c>postgres</c>: chunked rows in the event store's database and
    /// schema, so workers on separate machines share nothing but PostgreSQL and RabbitMQ. Files stay the default:
    /// one machine needs nothing more, and a local disk reads faster than a database round trip.
    /// </summary>
    public string Store { get; set; } = Files;

    /// <summary>Bytes per row of the PostgreSQL store (1 MiB): small enough to stream, large enough that a batch's matrix is a few round trips.</summary>
    public int ChunkBytes { get; set; } = 1 << 20;
}
