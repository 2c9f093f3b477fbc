namespace Lineage.Api.Cli;

/// <summary>The command-line verbs of the host. Marten's own verbs (<c>projections</c>, <c>db-apply</c>, ...) pass through.</summary>
public static class CliVerbs
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["demo"] = DemoCommand.RunAsync,
        ["run"] = RunCommands.RunAsync,
        ["stage"] = RunCommands.StageAsync,
        ["pool"] = RunCommands.PoolAsync,
        ["why"] = LookupCommands.WhyAsync,
        ["rebuild"] = LookupCommands.RebuildAsync,
        ["export"] = LookupCommands.ExportAsync,
        ["worker"] = WorkerCommand.RunAsync,
        ["proxy-check"] = EngineCommands.ProxyCheckAsync,
        ["gvendi"] = EngineCommands.GVendiAsync,
        ["kmeans"] = EngineCommands.KMeansAsync,
        // `bench spine` needs PostgreSQL and RabbitMQ; `bench teacher-client` and the engine benchmarks need neither.
        ["bench"] = args => args switch
        {
            ["spine", ..] => Bench.SpineBenchmark.RunAsync(args),
            ["teacher-client", ..] => Bench.TeacherClientBenchmark.RunAsync(args),
            ["explorer", ..] => Bench.ExplorerBenchmark.RunAsync(args),
            _ => EngineCommands.BenchAsync(args),
        },
        ["projections"] = MartenCommands.RunAsync,
        ["db-apply"] = MartenCommands.RunAsync,
        ["db-assert"] = MartenCommands.RunAsync,
        ["help"] = Help,
        ["--help"] = Help,
    };

    public static bool TryGet(string name, out Func<string[], Task<int>> verb)
    {
        if (Verbs.TryGetValue(name, out var found))
        {
            verb = name is "projections" or "db-apply" or "db-assert" ? rest => found([name, .. rest]) : found;
            return true;
        }
        verb = null!;
        return false;
    }

    /// <summary>Registers a verb from another part of the host (the engines' verbs).</summary>
    public static void Add(string name, Func<string[], Task<int>> verb) => Verbs[name] = verb;

    private static Task<int> Help(string[] _)
    {
        Console.WriteLine("""
            lineage                          start the HTTP API (and the stages configured in Lineage:Stages)
            lineage demo [--seed N]          run the demo pipeline end to end and print a sealed version
            lineage worker [--stages a,b]    consume stages only (no HTTP), e.g. --stages embed,cluster on a GPU box
            lineage run <pipeline> [--seed N] [--label L] [--wait]
                                             start a run of a defined pipeline (workers take its stages)
            lineage stage <runId> <stage> [--round R] [--batch B]
                                             send one stage's command (seeds, round, generate, verify, embed,
                                             cluster, filter, seal), e.g. to re-drive a batch
            lineage pool recluster|report <pipeline> [--seed S]
                                             cluster the pipeline's whole pool afresh, or record its newest
                                             version's diversity report (what the recurring jobs do)
            lineage why <exampleId>          the lineage chain of one example
            lineage rebuild <versionId>      replay the events, recompute the manifest, compare hashes
            lineage export <versionId> <file.jsonl>
            lineage proxy-check <folder>     check the proxy model code against a transformers reference folder
            lineage gvendi <file>            G-Vendi of the matrix in a safetensors file (rows = vectors)
            lineage kmeans <file> --k K --seed S
                                             cosine k-means of that matrix: objective, iterations, size histogram
            lineage bench embeddings [examples tokens newTokens]
            lineage bench kmeans [n d k iterations]
                                             engine verbs take --device auto|cpu|cuda and --threads N;
                                             they need no database or broker
            lineage bench teacher-client [--concurrency 1,4,16,64] [--requests N] [--warmup N] [--repeats N]
                                             requests/s of the OpenAI-compatible client against a bare HttpClient,
                                             both on a local server answering a fixed completion
            lineage bench spine [...]        the event store: append rate, why latency, rebuild (docs/benchmarks.md)
            lineage bench explorer [...]     the Explorer's page times on the bench spine version (docs/benchmarks.md)
            lineage projections ...          Marten's projection commands (rebuild, list, ...)
            """);
        return Task.FromResult(0);
    }
}
