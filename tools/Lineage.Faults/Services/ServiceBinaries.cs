namespace Lineage.Faults.Services;

/// <summary>
/// Where the PostgreSQL and RabbitMQ server programs are, so private instances can be started beside the shared ones.
/// scripts/setup.sh installs them from Debian's packages: PostgreSQL's under <c>/usr/lib/postgresql/{version}/bin</c>,
/// RabbitMQ's scripts under <c>/usr/lib/rabbitmq/bin</c> (the <c>/usr/sbin</c> wrappers switch to the rabbitmq user and
/// its home, which would share the machine's node cookie and folders, so the scripts are called directly).
/// </summary>
public sealed record ServiceBinaries(string PostgresBin, string RabbitMqBin)
{
    public string InitDb => Path.Combine(PostgresBin, "initdb");
    public string PgCtl => Path.Combine(PostgresBin, "pg_ctl");
    public string RabbitMqServer => Path.Combine(RabbitMqBin, "rabbitmq-server");
    public string RabbitMqCtl => Path.Combine(RabbitMqBin, "rabbitmqctl");

    /// <summary>The binaries, or null with the reason in <paramref name="missing"/>.</summary>
    public static ServiceBinaries? Find(out string missing)
    {
        var postgres = PostgresCandidates().FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        var rabbit = RabbitCandidates().FirstOrDefault(dir => File.Exists(Path.Combine(dir, "rabbitmq-server")) && File.Exists(Path.Combine(dir, "rabbitmqctl")));
        var absent = new List<string>();
        if (postgres is null) absent.Add("PostgreSQL's initdb and pg_ctl (looked in $LINEAGE_PG_BIN, /usr/lib/postgresql/*/bin and the PATH)");
        if (rabbit is null) absent.Add("RabbitMQ's rabbitmq-server and rabbitmqctl (looked in $LINEAGE_RABBITMQ_BIN, /usr/lib/rabbitmq/bin and the PATH)");
        missing = absent.Count == 0 ? "" : $"not found: {string.Join("; ", absent)}. scripts/setup.sh installs both.";
        return postgres is null || rabbit is null ? null : new ServiceBinaries(postgres, rabbit);
    }

    private static IEnumerable<string> PostgresCandidates()
    {
        if (Environment.GetEnvironmentVariable("LINEAGE_PG_BIN") is { Length: > 0 } configured) yield return configured;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
            foreach (var version in Directory.GetDirectories(debian).OrderByDescending(VersionOf))
                yield return Path.Combine(version, "bin");
        foreach (var dir in PathEntries()) yield return dir;
    }

    private static IEnumerable<string> RabbitCandidates()
    {
        if (Environment.GetEnvironmentVariable("LINEAGE_RABBITMQ_BIN") is { Length: > 0 } configured) yield return configured;
        yield return "/usr/lib/rabbitmq/bin";
        // Elsewhere (Homebrew, a generic unix tarball) the scripts on the PATH are the real ones, not wrappers.
        foreach (var dir in PathEntries().Where(d => d != "/usr/sbin")) yield return dir;
    }

    private static IEnumerable<string> PathEntries() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static double VersionOf(string dir) =>
        double.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
}
