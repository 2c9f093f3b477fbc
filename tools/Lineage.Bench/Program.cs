using System.CommandLine;
using Lineage.Api.Cli;
using Lineage.Api.Options;
using Lineage.Bench.Blobs;
using Lineage.Bench.Engines;
using Lineage.Bench.Explorer;
using Lineage.Bench.Exports;
using Lineage.Bench.Faults;
using Lineage.Bench.GpuCheck;
using Lineage.Bench.Spine;
using Lineage.Bench.TeacherClient;
using Lineage.Bench.Versions;

// `lineage-bench <benchmark> [options]`: every benchmark prints markdown for docs/benchmarks.md.
var root = new RootCommand("Lineage benchmarks: side-by-side ratios measured in one run (docs/benchmarks.md)");
root.Subcommands.Add(SpineCommand());
root.Subcommands.Add(TeacherClientCommand());
root.Subcommands.Add(EmbeddingsCommand());
root.Subcommands.Add(KMeansCommand());
root.Subcommands.Add(KMeansFileCommand());
root.Subcommands.Add(ExportCommand());
root.Subcommands.Add(ExplorerCommand());
root.Subcommands.Add(FaultsCommand.Create());
root.Subcommands.Add(GpuCheckCommand.Create());
root.Subcommands.Add(BlobsCommand());
root.Subcommands.Add(StageWritesCommand());
root.Subcommands.Add(VersionsCommand());
// Ctrl-C cancels a benchmark; the faults campaign needs some seconds to stop its workers and private services.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });

static Command SpineCommand()
{
    var defaults = new SpineBenchmark.Settings();
    var examples = CliOptions.Positive("--examples", defaults.Examples, "examples in the version the read phases use");
    var batchSize = CliOptions.Positive("--batch-size", defaults.BatchSize, "examples per batch");
    var appendBatches = CliOptions.Positive("--append-batches", defaults.AppendBatches, "batches appended in the append phase");
    var writers = CliOptions.Positive("--writers", defaults.Writers, "concurrent writers in the append phase");
    var clients = CliOptions.Positive("--clients", defaults.Clients, "concurrent why clients");
    var requests = CliOptions.Positive("--requests", defaults.Requests, "why requests measured");
    var warmup = CliOptions.Positive("--warmup", defaults.Warmup, "why requests before measuring");
    var rebuilds = CliOptions.Positive("--rebuilds", defaults.Rebuilds, "rebuilds of the version");
    var repeats = CliOptions.Positive("--repeats", defaults.Repeats, "repeats of the append phase");
    var schema = new Option<string>("--schema") { Description = "Marten schema", DefaultValueFactory = _ => defaults.Schema };
    var prefix = new Option<string>("--queue-prefix") { Description = "RabbitMQ queue prefix", DefaultValueFactory = _ => defaults.QueuePrefix };
    var fresh = new Option<bool>("--fresh") { Description = "produce the version again rather than reuse it" };
    var phases = new Option<string[]>("--phases")
    {
        Description = $"phases to run, comma-separated, of {string.Join(",", SpineBenchmark.Phases)} (the version is produced or found for why and rebuild)",
        DefaultValueFactory = _ => [.. SpineBenchmark.Phases],
        CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray(),
    };
    phases.Validators.Add(r =>
    {
        var unknown = r.GetValueOrDefault<string[]>()?.Where(p => !SpineBenchmark.Phases.Contains(p)).ToList() ?? [];
        if (unknown.Count > 0) r.AddError($"--phases: unknown {string.Join(", ", unknown)}; known: {string.Join(", ", SpineBenchmark.Phases)}");
    });
    var command = new Command("spine", "the event store: append rate against COPY, why latency, rebuild (needs PostgreSQL and RabbitMQ); other arguments, e.g. --Lineage:Postgres=..., go to the hosts")
    {
        examples, batchSize, appendBatches, writers, clients, requests, warmup, rebuilds, repeats, schema, prefix, fresh, phases,
    };
    command.TreatUnmatchedTokensAsErrors = false;
    command.SetAction((r, _) => SpineBenchmark.RunAsync(new SpineBenchmark.Settings
    {
        Examples = r.GetValue(examples), BatchSize = r.GetValue(batchSize), AppendBatches = r.GetValue(appendBatches),
        Writers = r.GetValue(writers), Clients = r.GetValue(clients), Requests = r.GetValue(requests), Warmup = r.GetValue(warmup),
        Rebuilds = r.GetValue(rebuilds), Repeats = r.GetValue(repeats), Schema = r.GetValue(schema)!, QueuePrefix = r.GetValue(prefix)!,
        Fresh = r.GetValue(fresh), Phases = r.GetValue(phases)!.ToHashSet(),
    }, [.. r.UnmatchedTokens]));
    return command;
}

static Command TeacherClientCommand()
{
    var concurrency = new Option<int[]>("--concurrency")
    {
        Description = "levels of concurrency, comma-separated", DefaultValueFactory = _ => [1, 4, 16, 64],
        CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',')).Select(v => int.TryParse(v, out var n) && n > 0 ? n : 0).ToArray(),
    };
    concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int[]>().Any(n => n <= 0)) r.AddError("--concurrency takes positive integers"); });
    var requests = CliOptions.Positive("--requests", 20_000, "requests measured per level");
    var warmup = CliOptions.Positive("--warmup", 2_000, "requests before measuring");
    var repeats = CliOptions.Positive("--repeats", 3, "runs per client and level (the median is shown)");
    var command = new Command("teacher-client", "requests/s of the OpenAI-compatible client against a bare HttpClient on a local server")
    {
        concurrency, requests, warmup, repeats,
    };
    command.SetAction((r, _) => TeacherClientBenchmark.RunAsync(r.GetValue(concurrency)!, r.GetValue(requests), r.GetValue(warmup), r.GetValue(repeats)));
    return command;
}

static Command EmbeddingsCommand()
{
    var examples = CliOptions.PositiveArgument("examples", 64, "examples embedded");
    var tokens = CliOptions.PositiveArgument("tokens", 256, "tokens per example");
    var newTokens = CliOptions.PositiveArgument("newTokens", 128, "tokens generated by the KV-cache comparison");
    var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
    var command = new Command("embeddings", "exact against fast gradient embeddings, and generation with and without the KV cache")
    {
        examples, tokens, newTokens, device, threads,
    };
    command.SetAction(r =>
    {
        CliOptions.Engine(r, device, threads);
        EmbeddingBenchmark.Run(Console.Out, examples: r.GetValue(examples), tokens: r.GetValue(tokens), newTokens: r.GetValue(newTokens));
        return 0;
    });
    return command;
}

static Command KMeansCommand()
{
    // Defaults a tenth of the recipe's 100k × 1024, K = 10,000 (docs/diversity.md has those numbers).
    var n = CliOptions.PositiveArgument("n", 10_000, "points");
    var d = CliOptions.PositiveArgument("d", 1024, "dimension");
    var k = CliOptions.PositiveArgument("k", 1_000, "clusters");
    var iterations = CliOptions.PositiveArgument("iterations", 20, "Lloyd iterations");
    var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
    var command = new Command("kmeans", "cosine k-means against plain matrix products of the same shapes") { n, d, k, iterations, device, threads };
    command.SetAction(r =>
    {
        var on = CliOptions.Engine(r, device, threads);
        KMeansBenchmark.Run(r.GetValue(n), r.GetValue(d), r.GetValue(k), r.GetValue(iterations), Console.Out, device: on);
        return 0;
    });
    return command;
}

static Command KMeansFileCommand()
{
    // A million rows of the fast embeddings' d = 256: the pool of a million-example run, 1 GiB of float32.
    var n = CliOptions.PositiveArgument("n", 1_000_000, "points");
    var d = CliOptions.PositiveArgument("d", 256, "dimension");
    var k = CliOptions.PositiveArgument("k", 500, "clusters");
    var iterations = CliOptions.PositiveArgument("iterations", 4, "Lloyd iterations");
    var init = new Option<string>("--init") { Description = "first-k or kmeans++ (one pass over the rows per centroid)", DefaultValueFactory = _ => "first-k" };
    init.AcceptOnlyFromAmong("first-k", "kmeans++");
    var folder = new Option<string?>("--scratch") { Description = "folder of the scratch file (default: the system's temporary folder)" };
    var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
    var command = new Command("kmeans-file", "cosine k-means of a pool read from a scratch file against the same pool in memory: time, peak memory, agreement")
    {
        n, d, k, iterations, init, folder, device, threads,
    };
    command.SetAction(r =>
    {
        var on = CliOptions.Engine(r, device, threads);
        KMeansFromFileBenchmark.Run(r.GetValue(n), r.GetValue(d), r.GetValue(k), r.GetValue(iterations),
            r.GetValue(init) == "kmeans++" ? Lineage.Filters.Clustering.KMeansInit.KMeansPlusPlus : Lineage.Filters.Clustering.KMeansInit.FirstK, r.GetValue(folder), Console.Out, on);
        return 0;
    });
    return command;
}

static Command ExportCommand()
{
    var examples = CliOptions.Positive("--examples", 10_000, "examples in the exported version");
    var repeats = CliOptions.Positive("--repeats", 5, "exports per format (interleaved)");
    var schema = new Option<string>("--schema") { Description = "Marten schema", DefaultValueFactory = _ => "lineage_bench" };
    var prefix = new Option<string>("--queue-prefix") { Description = "RabbitMQ queue prefix", DefaultValueFactory = _ => "lineage-bench" };
    var command = new Command("export", "one version exported as JSON Lines, Parquet and a Hugging Face folder: rows/s side by side (needs PostgreSQL and RabbitMQ)")
    {
        examples, repeats, schema, prefix,
    };
    command.TreatUnmatchedTokensAsErrors = false;
    command.SetAction((r, _) => ExportBenchmark.RunAsync(r.GetValue(examples), r.GetValue(repeats), r.GetValue(schema)!, r.GetValue(prefix)!, [.. r.UnmatchedTokens]));
    return command;
}

static Command ExplorerCommand()
{
    var examples = CliOptions.Positive("--examples", 100_000, "examples in the version the pages show");
    var batchSize = CliOptions.Positive("--batch-size", 250, "examples per batch when producing it");
    var requests = CliOptions.Positive("--requests", 200, "requests measured per page");
    var warmup = CliOptions.Positive("--warmup", 20, "requests before measuring");
    var schema = new Option<string>("--schema") { Description = "Marten schema", DefaultValueFactory = _ => "lineage_bench" };
    var prefix = new Option<string>("--queue-prefix") { Description = "RabbitMQ queue prefix", DefaultValueFactory = _ => "lineage-bench" };
    var command = new Command("explorer", "server time of the Explorer's version, examples and example pages on a large version (needs PostgreSQL and RabbitMQ)")
    {
        examples, batchSize, requests, warmup, schema, prefix,
    };
    command.TreatUnmatchedTokensAsErrors = false;
    command.SetAction((r, _) => ExplorerBenchmark.RunAsync(r.GetValue(examples), r.GetValue(batchSize), r.GetValue(requests), r.GetValue(warmup),
        r.GetValue(schema)!, r.GetValue(prefix)!, [.. r.UnmatchedTokens]));
    return command;
}

static Command StageWritesCommand()
{
    var events = CliOptions.Positive("--events", 100_000, "events in the stage's output (one per candidate)");
    var perTransaction = CliOptions.Positive("--per-transaction", new LineageOptions().EventsPerTransaction, "events per transaction of the bounded write");
    var repeats = CliOptions.Positive("--repeats", 3, "repeats of each write (alternating which goes first; the median is shown)");
    var schema = new Option<string>("--schema") { Description = "Marten schema (emptied before and after)", DefaultValueFactory = _ => "lineage_bench_writes" };
    var command = new Command("stage-writes", "a round-sized stage output in one transaction and in bounded ones (needs PostgreSQL); other arguments go to the host")
    {
        events, perTransaction, repeats, schema,
    };
    command.TreatUnmatchedTokensAsErrors = false;
    command.SetAction((r, _) => StageWriteBenchmark.RunAsync(
        new StageWriteBenchmark.Settings(r.GetValue(events), r.GetValue(perTransaction), r.GetValue(repeats), r.GetValue(schema)!),
        [.. r.UnmatchedTokens], Console.Out));
    return command;
}

static Command BlobsCommand()
{
    var rows = CliOptions.Positive("--rows", 100_000, "rows of the matrix (examples)");
    var dimension = CliOptions.Positive("--dimension", 256, "columns of the matrix");
    var batchRows = CliOptions.Positive("--batch-rows", 1_000, "rows per blob, as one embed batch stores them");
    var repeats = CliOptions.Positive("--repeats", 3, "repeats per store (alternating which goes first; the median is shown)");
    var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string", DefaultValueFactory = _ => new LineageOptions().Postgres };
    var schema = new Option<string>("--schema") { Description = "schema of the benchmark's tables (dropped before and after)", DefaultValueFactory = _ => "lineage_bench_blobs" };
    var command = new Command("blobs", "put and get throughput of the file and PostgreSQL blob stores, and their bytes per million vectors (needs PostgreSQL)")
    {
        rows, dimension, batchRows, repeats, postgres, schema,
    };
    command.SetAction(r =>
    {
        var folder = Directory.CreateTempSubdirectory("lineage-bench-blobs-").FullName;
        try
        {
            return BlobStoreBenchmark.Run(new BlobStoreBenchmark.Settings(r.GetValue(rows), r.GetValue(dimension), r.GetValue(batchRows),
                r.GetValue(repeats), r.GetValue(postgres)!, r.GetValue(schema)!, folder), Console.Out);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    });
    return command;
}

static Command VersionsCommand()
{
    var rounds = CliOptions.Positive("--rounds", 2, "rounds of the version audited");
    var batches = CliOptions.Positive("--batches", 2, "batches per round");
    var batchSize = CliOptions.Positive("--batch-size", 50, "candidates per batch");
    var seeds = CliOptions.Positive("--seeds", 100, "GSM8K seeds in the pool");
    var r = new Option<double>("--fork-r") { Description = "diversity.r of the fork (the run's is 0.5)", DefaultValueFactory = _ => 0.3 };
    var schema = new Option<string>("--schema") { Description = "Marten schema", DefaultValueFactory = _ => "lineage_bench_versions" };
    var prefix = new Option<string>("--queue-prefix") { Description = "RabbitMQ queue prefix", DefaultValueFactory = _ => "lineage-bench-versions" };
    var command = new Command("versions", "audit seconds per stage, a fork, a diff, and regenerating the forked config (needs PostgreSQL and RabbitMQ)")
    {
        rounds, batches, batchSize, seeds, r, schema, prefix,
    };
    command.TreatUnmatchedTokensAsErrors = false;
    command.SetAction((p, _) => VersionToolsBenchmark.RunAsync(new VersionToolsBenchmark.Settings(p.GetValue(rounds), p.GetValue(batches),
        p.GetValue(batchSize), p.GetValue(seeds), p.GetValue(r), p.GetValue(schema)!, p.GetValue(prefix)!), [.. p.UnmatchedTokens]));
    return command;
}
