using Lineage.Api.Options;
using System.Diagnostics;
using System.Globalization;
using Lineage.Api.Hosting;
using Lineage.Api.Runs;
using Lineage.Domain.Versions;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Lineage.Bench.Spine;
using Npgsql;

namespace Lineage.Bench.Explorer;

/// <summary>
/// <c>bench explorer</c>: how long the Explorer's pages take on the server at 100k examples, printed as markdown.
/// Reuses the <c>bench spine</c> version (<see cref="BenchVersion"/>; produced here if it is missing), refreshes the
/// planner's statistics (what autovacuum does on its own after a bulk load), then times sequential requests over
/// loopback to a host that only serves: the version page, pages of its examples table (first, next by position, a
/// deep page by position and the same page by offset, filtered), a cold count, an example page beside the API's
/// <c>why</c>, and the runs page.
/// </summary>
public static class ExplorerBenchmark
{
    public static async Task<int> RunAsync(int examples, int batchSize, int requests, int warmup, string schema, string prefix, string[] hostArgs)
    {
        var config = BenchVersion.Config(examples, batchSize);
        var output = Console.Out;

        // Each phase is its own async method with its own host: MassTransit keeps its log context in an AsyncLocal
        // that must not outlive the host that set it (as in bench spine).
        var version = await VersionAsync([.. hostArgs], schema, prefix, config, output);
        await ServeAsync([.. hostArgs], schema, prefix, version, requests, warmup, output);
        return 0;
    }

    private static async Task<VersionSealed> VersionAsync(string[] hostArgs, string schema, string prefix, Domain.Pipelines.PipelineConfig config, TextWriter output)
    {
        await using var pipeline = SpineBenchmark.Host(hostArgs, schema, prefix, relay: true, stages: "all");
        var store = pipeline.Services.GetRequiredService<IDocumentStore>();
        if (await BenchVersion.FindAsync(store, config) is { } existing) return existing;
        output.WriteLine($"producing the {config.BatchesPerRound * config.BatchSize:N0}-example version through the pipeline");
        await pipeline.StartAsync();
        var (version, _) = await BenchVersion.ProduceAsync(store, pipeline.Services.GetRequiredService<RunLauncher>(), config, TimeSpan.FromMinutes(60), output);
        await pipeline.StopAsync();
        return version;
    }

    private static async Task ServeAsync(string[] hostArgs, string schema, string prefix, VersionSealed version, int requests, int warmup, TextWriter output)
    {
        await using var serve = SpineBenchmark.Host(["--urls", "http://127.0.0.1:0", .. hostArgs], schema, prefix, relay: false, stages: "none");
        await serve.StartAsync();
        var options = serve.Services.GetRequiredService<LineageOptions>();
        var address = new Uri(serve.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        // The first request brings the Explorer's indexes into the schema (Marten creates what is missing).
        var clock = Stopwatch.StartNew();
        (await http.GetAsync($"/explorer/versions/{version.VersionId}")).EnsureSuccessStatusCode();
        var firstRequest = clock.Elapsed;
        await AnalyzeAsync(options.Postgres, options.Schema);
        List<string> ids;
        await using (var session = serve.Services.GetRequiredService<IDocumentStore>().QuerySession())
            ids = (await session.LoadAsync<DatasetManifest>(version.VersionId))!.Entries.Select(e => e.ExampleId).ToList();

        var v = $"/explorer/versions/{version.VersionId}";
        var deep = ids.Count / 2;
        var deepAfter = Position(ids[deep - 1]);
        var random = new Random(17);
        string RandomId() => ids[random.Next(ids.Count)];
        var cases = new List<(string Name, Func<string> Url, string Goal)>
        {
            ("version page (counts, rounds, first page of examples)", () => v, "≤ 100 ms"),
            ("examples table, first page (fragment)", () => $"{v}/examples", "≤ 100 ms"),
            ("examples table, next page by position", () => $"{v}/examples?page=2&after={Position(ids[49])}", ""),
            ($"examples table, page {deep / 50 + 1:N0} by position", () => $"{v}/examples?page={deep / 50 + 1}&after={deepAfter}", ""),
            ($"examples table, page {deep / 50 + 1:N0} by offset (a typed link)", () => $"{v}/examples?page={deep / 50 + 1}", ""),
            ("examples table, decision=kept", () => $"{v}/examples?decision=kept", ""),
            ("examples table, round=1", () => $"{v}/examples?round=1", ""),
            ("examples table, generator=procedural:algebra", () => $"{v}/examples?generator=procedural:algebra", ""),
            ("examples table, text=tickets", () => $"{v}/examples?text=tickets", ""),
            ("example page (timeline, teacher call, ancestry)", () => $"/explorer/examples/{RandomId()}", "≤ 20 ms"),
            ("API why, for comparison (GET /examples/{id}/lineage)", () => $"/examples/{RandomId()}/lineage", ""),
            ("runs page", () => "/explorer/runs", ""),
        };

        output.WriteLine($"# bench explorer, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"\nversion {version.VersionId}: {version.Generated:N0} generated examples; {Environment.ProcessorCount} cores, load average {BenchMachine.LoadAverage()}");
        output.WriteLine($"first request after start (creates missing indexes): {firstRequest.TotalSeconds:N1} s");
        output.WriteLine($"\n{requests} sequential requests per row after {warmup} warm-up requests, over loopback (time to the last byte):\n");
        output.WriteLine("| request | p50 ms | p90 ms | max ms | goal |");
        output.WriteLine("|---|---:|---:|---:|---|");
        foreach (var (name, url, goal) in cases)
        {
            var l = await TimeAsync(http, url, requests, warmup);
            output.WriteLine($"| {name} | {l.Percentile(50):N1} | {l.Percentile(90):N1} | {l.Max:N1} | {goal} |");
        }

        // Counts are not cached across hosts, so the first count of a filter is what a person waits for once.
        output.WriteLine("\nCounting a filter the version does not state (first time, then remembered):\n");
        output.WriteLine("| count | first ms | again ms |");
        output.WriteLine("|---|---:|---:|");
        foreach (var filter in new[] { "generator=procedural:algebra", "round=1", "text=tickets" })
        {
            var first = await OnceAsync(http, $"{v}/examples/count?{filter}");
            var again = await OnceAsync(http, $"{v}/examples/count?{filter}");
            output.WriteLine($"| {filter} | {first:N1} | {again:N1} |");
        }
        output.WriteLine($"\nload average at the end: {BenchMachine.LoadAverage()}");
        await serve.StopAsync();
    }

    private static string Position(string exampleId)
    {
        var parts = exampleId.Split('-');
        return $"{parts[^3]}.{parts[^2]}.{parts[^1]}";
    }

    private static async Task<Latencies> TimeAsync(HttpClient http, Func<string> url, int requests, int warmup)
    {
        for (var i = 0; i < warmup; i++) await OnceAsync(http, url());
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++) times.Add(await OnceAsync(http, url()));
        return new Latencies(times);
    }

    private static async Task<double> OnceAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task AnalyzeAsync(string postgres, string schema)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand($"analyze {schema}.mt_doc_examplelineage", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
