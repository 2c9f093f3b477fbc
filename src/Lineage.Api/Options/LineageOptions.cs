namespace Lineage.Api.Options;

/// <summary>Settings of one Lineage process, bound from the <c>Lineage</c> configuration section.</summary>
public sealed class LineageOptions
{
    public const string Section = "Lineage";

    public string Postgres { get; set; } =
        "Host=127.0.0.1;Port=5432;Username=lineage;Password=lineage;Database=lineage;Maximum Pool Size=40";

    /// <summary>PostgreSQL schema of the event store and documents (tests use one per fixture).</summary>
    public string Schema { get; set; } = "lineage";

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>
    /// Stages this process consumes: <c>all</c>, <c>none</c>, or any of
    /// seeds, round, generate, verify, embed, cluster, filter, seal. GPU workers take embed and cluster.
    /// </summary>
    public string[] Stages { get; set; } = ["all"];

    /// <summary>Whether this process runs the relay (a Marten subscription) that sends the next stage's command.</summary>
    public bool Relay { get; set; } = true;

    /// <summary>How the relay's process finds runs whose next command was never sent, and resends it.</summary>
    public SweepOptions Sweep { get; set; } = new();

    /// <summary>
    /// How the relay's daemon runs: <c>Solo</c> for a single relay process, <c>HotCold</c> when several
    /// API processes run it and one must lead.
    /// </summary>
    public JasperFx.Events.Daemon.DaemonMode Daemon { get; set; } = JasperFx.Events.Daemon.DaemonMode.Solo;

    /// <summary>Where content-addressed blobs (embeddings, centroids) and the default proxy live.</summary>
    public string DataDirectory { get; set; } = ".lineage";

    /// <summary>Which store holds the blobs the stages exchange (<c>Lineage:Blobs:Store</c>: files or postgres).</summary>
    public BlobOptions Blobs { get; set; } = new();

    /// <summary>
    /// Where the embed and cluster stages compute: <c>auto</c> (CUDA when this build and machine have it),
    /// <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// libtorch's intra-op threads in this process; 0 picks one less than the logical CPUs (at least 1), so
    /// the host, the database driver and the broker keep a core and OpenMP's spin-waiting workers do not
    /// stall on an oversubscribed machine (see docs/proxy-and-embeddings.md, operating notes).
    /// </summary>
    public int TorchThreads { get; set; }

    /// <summary>
    /// Most events a stage commits in one transaction (<c>Lineage:EventsPerTransaction</c>). A round's clustering or
    /// filtering at a million candidates is a million events; written in bounded transactions it never holds one
    /// open for minutes. The stage's completion event comes last, so a stage is done only once all of it is written.
    /// </summary>
    public int EventsPerTransaction { get; set; } = 2_000;

    /// <summary>How the cluster stage and pool reclustering hold a pool's vectors (<c>Lineage:Clustering:…</c>).</summary>
    public ClusteringOptions Clustering { get; set; } = new();

    /// <summary>Whether Hangfire's server and dashboard run in this process.</summary>
    public bool Schedules { get; set; } = true;

    /// <summary>Whether this process serves the HTTP API; a worker serves only <c>/health</c>.</summary>
    public bool Api { get; set; } = true;

    /// <summary>Largest request body the API reads, in bytes (413 past it); <c>/v1</c> has its own cap.</summary>
    public long MaxRequestBytes { get; set; } = 1 << 20;
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Prefix of every queue name; separate deployments (or test fixtures) on one broker use different ones.</summary>
    public string QueuePrefix { get; set; } = "lineage";
}

/// <summary>
/// The relay's safety net (<c>Lineage:Sweep</c>): every <see cref="IntervalSeconds"/>, a run that is neither sealed
/// nor failed and has written nothing for <see cref="StallSeconds"/> has the commands its log calls for and has not
/// completed sent again. Consumers are idempotent, so a resend of work still running costs a no-op or a repeat of
/// the computation, never a second copy of its events.
/// </summary>
/// <summary>
/// Where a pool's vectors are while it is clustered. Up to <see cref="ResidentRows"/> rows are loaded as one tensor;
/// a larger pool is written to a scratch file and read a block at a time on every pass, so the worker holds a block,
/// the centroids and a few numbers per row instead of the whole pool. Both give the same clustering bit for bit, so
/// workers with different settings still agree (docs/scaling.md).
/// </summary>
public sealed class ClusteringOptions
{
    /// <summary>Largest pool held in memory; 0 streams every pool from a scratch file.</summary>
    public long ResidentRows { get; set; } = 250_000;

    /// <summary>Folder of the scratch files; empty is the system's temporary folder (<c>TMPDIR</c>).</summary>
    public string ScratchDirectory { get; set; } = "";
}

public sealed class SweepOptions
{
    public bool Enabled { get; set; } = true;

    public int IntervalSeconds { get; set; } = 30;

    /// <summary>Longer than a stage normally runs without writing (a large embed batch on a CPU), so work in progress is rarely repeated.</summary>
    public int StallSeconds { get; set; } = 180;
}
