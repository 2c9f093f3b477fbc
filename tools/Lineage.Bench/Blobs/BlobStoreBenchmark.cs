using System.Diagnostics;
using System.Globalization;
using Lineage.Api.Blobs;
using Lineage.Filters.Clustering.Storage;
using Npgsql;

namespace Lineage.Bench.Blobs;

/// <summary>
/// Put and get throughput of the file store against the PostgreSQL store, side by side in one run, for a [rows, d]
/// float32 matrix cut into blobs of <c>batchRows</c> rows as the embed stage writes them (one blob per batch in
/// FloatMatrixBlob form). Repeats alternate which store goes first, each on a fresh folder and fresh tables, so
/// load from other processes hits both alike; the median is shown. Gets read back what the repeat put (the file
/// store's from the page cache, as a worker that just wrote them would). Then the bytes each store holds, scaled
/// to a million examples.
/// </summary>
public static class BlobStoreBenchmark
{
    public sealed record Settings(int Rows, int Dimension, int BatchRows, int Repeats, string Postgres, string Schema, string Folder);

    public static int Run(Settings s, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        void Line(string format, params object[] args) => output.WriteLine(string.Format(inv, format, args));
        var blobs = Blobs(s);
        var bytes = blobs.Sum(b => (long)b.Length);
        Line("machine: {0} logical CPUs, {1}; load average {2}", Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, BenchMachine.LoadAverage());
        Line("matrix {0:N0} × {1} float32 in {2} blobs of {3:N0} rows ({4:F1} MB in all), {5} repeats, chunks of 1 MiB",
            s.Rows, s.Dimension, blobs.Count, s.BatchRows, bytes / 1e6, s.Repeats);

        var times = new Dictionary<(string Store, string Phase), List<double>>();
        void Keep(string store, string phase, double seconds) =>
            (times.TryGetValue((store, phase), out var list) ? list : times[(store, phase)] = []).Add(seconds);
        long filesOnDisk = 0, postgresOnDisk = 0;
        for (var r = 0; r < s.Repeats; r++)
        {
            foreach (var store in r % 2 == 0 ? new[] { "files", "postgres" } : ["postgres", "files"])
            {
                if (store == "files")
                {
                    var folder = Path.Combine(s.Folder, $"repeat-{r}");
                    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                    var files = new BlobStore(folder);
                    Measure(files, blobs, (phase, seconds) => Keep(store, phase, seconds));
                    filesOnDisk = Directory.GetFiles(Path.Combine(folder, "blobs", "sha256")).Sum(f => new FileInfo(f).Length);
                    Directory.Delete(folder, recursive: true);
                }
                else
                {
                    Execute(s.Postgres, $"drop schema if exists {s.Schema} cascade");
                    using var postgres = new PostgresBlobStore(s.Postgres, s.Schema);
                    postgres.EnsureSchemaAsync().GetAwaiter().GetResult();
                    Measure(postgres, blobs, (phase, seconds) => Keep(store, phase, seconds));
                    Execute(s.Postgres, $"vacuum analyze {s.Schema}.lineage_blob_chunks");
                    postgresOnDisk = Scalar(s.Postgres,
                        $"select pg_total_relation_size('{s.Schema}.lineage_blob_chunks') + pg_total_relation_size('{s.Schema}.lineage_blobs')");
                }
            }
        }
        Execute(s.Postgres, $"drop schema if exists {s.Schema} cascade");

        double Median(string store, string phase)
        {
            var sorted = times[(store, phase)].Order().ToList();
            return sorted[sorted.Count / 2];
        }
        Line("");
        Line("| phase | files | postgres | postgres / files |");
        Line("|---|---|---|---|");
        foreach (var phase in new[] { "put", "put again", "get" })
        {
            var (f, p) = (Median("files", phase), Median("postgres", phase));
            Line("| {0} | {1:F2} s = {2:F0} MB/s | {3:F2} s = {4:F0} MB/s | {5:F2}× the time |", phase, f, bytes / f / 1e6, p, bytes / p / 1e6, p / f);
        }
        var perMillion = 1e6 / s.Rows;
        Line("");
        Line("stored for {0:N0} vectors: files {1:F1} MB, postgres {2:F1} MB (pg_total_relation_size of both tables after VACUUM); " +
             "per million examples at d = {3}: files {4:F2} GB, postgres {5:F2} GB (raw float32: {6:F2} GB)",
            s.Rows, filesOnDisk / 1e6, postgresOnDisk / 1e6, s.Dimension, filesOnDisk * perMillion / 1e9, postgresOnDisk * perMillion / 1e9,
            4.0 * s.Dimension * 1e6 / 1e9);
        return 0;
    }

    /// <summary>Puts every blob (new), puts them again (no-ops), gets them all back, checking the bytes.</summary>
    private static void Measure(IBlobStore store, IReadOnlyList<byte[]> blobs, Action<string, double> keep)
    {
        var addresses = new string[blobs.Count];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < blobs.Count; i++) addresses[i] = store.Put(blobs[i]);
        keep("put", watch.Elapsed.TotalSeconds);
        watch.Restart();
        for (var i = 0; i < blobs.Count; i++) store.Put(blobs[i]);
        keep("put again", watch.Elapsed.TotalSeconds);
        watch.Restart();
        for (var i = 0; i < blobs.Count; i++)
        {
            // Get re-hashes already; the length check only keeps the read from being optimised into nothing.
            if (store.Get(addresses[i]).Length != blobs[i].Length) throw new InvalidDataException($"blob {i} came back with another length");
        }
        keep("get", watch.Elapsed.TotalSeconds);
    }

    /// <summary>The matrix as the embed stage stores it: batches of rows, each a FloatMatrixBlob. Seeded.</summary>
    private static List<byte[]> Blobs(Settings s)
    {
        var random = new Random(20260101);
        var blobs = new List<byte[]>();
        for (var start = 0; start < s.Rows; start += s.BatchRows)
        {
            var rows = Math.Min(s.BatchRows, s.Rows - start);
            var values = new float[rows * s.Dimension];
            for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
            blobs.Add(FloatMatrixBlob.Encode(values, rows, s.Dimension));
        }
        return blobs;
    }


    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
