using Lineage.Domain.Pipelines;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Lineage.Api.Stages.Generation;
using Lineage.Generators.Prompts;
using Lineage.Generators.Teachers;
using Lineage.Bench.Spine;

namespace Lineage.Bench.TeacherClient;

/// <summary>
/// <c>bench teacher-client</c>: requests per second of the OpenAI-compatible teacher client, against a bare
/// <see cref="HttpClient"/> posting the same bytes, both to one <see cref="TrivialTeacherServer"/> in this process.
/// <list type="bullet">
/// <item><b>Lineage client</b>: <see cref="TeacherHttp.CreateTeacher"/> as the stages build it (concurrency limiter,
/// total and attempt time-outs, retries, attempt counting and buffering), a problem-generation request like the
/// openai source's, the reply parsed into a <see cref="TeacherResponse"/> and checked.</item>
/// <item><b>without pipeline</b>: the same <see cref="OpenAiCompatibleTeacher"/> on a plain HttpClient, so the difference
/// to the first splits the cost between the resilience handlers and the JSON writing and reading.</item>
/// <item><b>bare HttpClient</b>: a default <see cref="SocketsHttpHandler"/> posting the JSON the Lineage client sent
/// (captured by the server), reading the body as a string.</item>
/// </list>
/// Each level of concurrency is a closed loop (a worker sends its next request when the last one is answered);
/// the clients alternate, each run repeated, the median shown. The limiter is set to the level being measured
/// (the stages' default is 8 calls in flight per endpoint), so it queues nothing and only its cost is measured.
/// </summary>
public static class TeacherClientBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<int> levels, int requests, int warmup, int repeats)
    {
        var output = Console.Out;

        await using var server = await TrivialTeacherServer.StartAsync();
        var request = ProblemRequest();
        output.WriteLine($"# bench teacher-client, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine();
        output.WriteLine(Machine());

        var results = new List<Row>();
        foreach (var level in levels)
        {
            // As TeacherClientFactory builds it for a run's endpoint, but with the limiter at the level measured.
            var clientOptions = new OpenAiTeacherOptions
            {
                BaseAddress = server.BaseAddress,
                MaxConcurrency = level,
                MaxRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(500),
            };
            using var lineageHttp = TeacherHttp.CreateClient(clientOptions);
            var teacher = new OpenAiCompatibleTeacher(lineageHttp, clientOptions, new TeacherUsageMeter());
            using var plainHttp = new HttpClient(new SocketsHttpHandler());
            var unpiped = new OpenAiCompatibleTeacher(plainHttp, clientOptions, new TeacherUsageMeter());
            using var bare = new HttpClient(new SocketsHttpHandler());
            Func<Task> lineage = () => LineageCallAsync(teacher, request);
            Func<Task> withoutPipeline = () => LineageCallAsync(unpiped, request);
            await LoadAsync(lineage, level, warmup);
            var body = server.FirstBody ?? throw new InvalidOperationException("the server received no request body");
            var uri = new Uri(server.BaseAddress, "chat/completions");
            Func<Task> plain = () => BareCallAsync(bare, uri, body, server.Reply.Length);
            await LoadAsync(withoutPipeline, level, warmup);
            await LoadAsync(plain, level, warmup);

            var lineageRuns = new List<Run>();
            var unpipedRuns = new List<Run>();
            var bareRuns = new List<Run>();
            for (var r = 0; r < repeats; r++)
            {
                lineageRuns.Add(await LoadAsync(lineage, level, requests));
                unpipedRuns.Add(await LoadAsync(withoutPipeline, level, requests));
                bareRuns.Add(await LoadAsync(plain, level, requests));
            }
            results.Add(new Row(level, requests, Median(lineageRuns), Median(unpipedRuns), Median(bareRuns), teacher.Usage.Snapshot()));
            output.WriteLine($"  concurrency {level}: done ({requests:N0} requests × {repeats} per client, {server.Requests:N0} served so far)");
        }

        output.WriteLine();
        output.WriteLine($"Request body {Encoding.UTF8.GetByteCount(server.FirstBody!):N0} bytes (a few-shot problem prompt), reply {server.Reply.Length:N0} bytes; " +
                         $"median of {repeats} runs of {requests:N0} requests, after {warmup:N0} warm-up requests per client and level.");
        output.WriteLine();
        output.WriteLine("| concurrency | Lineage client req/s | without pipeline req/s | bare HttpClient req/s | client / bare | Lineage p50 ms | bare p50 ms | Lineage p99 ms | bare p99 ms |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in results)
        {
            var (a, u, b) = (row.Lineage, row.WithoutPipeline, row.Bare);
            output.WriteLine($"| {row.Concurrency} | {a.RequestsPerSecond:N0} | {u.RequestsPerSecond:N0} | {b.RequestsPerSecond:N0} | {a.RequestsPerSecond / b.RequestsPerSecond:P0} | " +
                             $"{a.Latencies.Percentile(50):N3} | {b.Latencies.Percentile(50):N3} | {a.Latencies.Percentile(99):N3} | {b.Latencies.Percentile(99):N3} |");
        }
        if (results.FirstOrDefault(r => r.Concurrency == 1) is { } single)
        {
            static double Micros(Run slower, Run faster) => (1 / slower.RequestsPerSecond - 1 / faster.RequestsPerSecond) * 1e6;
            output.WriteLine($"\nAt concurrency 1 the Lineage client adds {Micros(single.Lineage, single.Bare):N0} µs per call over the bare client " +
                             $"(mean, from the throughputs): {Micros(single.Lineage, single.WithoutPipeline):N0} µs in the resilience handlers, " +
                             $"{Micros(single.WithoutPipeline, single.Bare):N0} µs writing the request and reading the reply.");
        }
        // A failed call throws in the loop; attempts above calls would mean retries were measured too.
        output.WriteLine($"Lineage client: {results.Sum(r => r.Usage.Calls):N0} calls, {results.Sum(r => r.Usage.FailedCalls)} failed, " +
                         $"{results.Sum(r => r.Usage.Attempts):N0} HTTP attempts. Load average at the end: {BenchMachine.LoadAverage()}");
        return 0;
    }

    private sealed record Run(double Seconds, int Requests, Latencies Latencies)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    private sealed record Row(int Concurrency, int Requests, Run Lineage, Run WithoutPipeline, Run Bare, TeacherUsageTotals Usage);

    private static Run Median(List<Run> runs) => runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);

    /// <summary>What the openai source sends for a problem call: three few-shot problems, five asked for, seeded.</summary>
    private static TeacherRequest ProblemRequest()
    {
        var examples = Enumerable.Range(0, TeacherCandidateSource.FewShots)
            .Select(i => Generators.Procedural.ProceduralMathGenerator.Generate(0, i).Problem).ToList();
        var prompt = ProblemGenerationPrompt.Build(examples, TeacherCandidateSource.ProblemsPerCall);
        return new TeacherRequest(TrivialTeacherServer.ModelId, prompt.Messages,
            new SamplingParameters(1.0, 0.95, 1, new GeneratorConfig().ProblemMaxTokens, 42));
    }

    private static async Task LineageCallAsync(ITeacher teacher, TeacherRequest request)
    {
        var response = await teacher.CompleteAsync(request, CancellationToken.None);
        if (!response.Succeeded || response.Choices is not [{ Content: TrivialTeacherServer.Content }])
            throw new InvalidOperationException($"the Lineage client got no usable reply: {response.FailureReason}");
    }

    private static async Task BareCallAsync(HttpClient http, Uri uri, string body, int replyLength)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(uri, content);
        var reply = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || reply.Length != replyLength)
            throw new InvalidOperationException($"the bare client got HTTP {(int)response.StatusCode}, {reply.Length} characters");
    }

    /// <summary>A closed loop of <paramref name="clients"/> workers sharing <paramref name="requests"/> calls.</summary>
    private static async Task<Run> LoadAsync(Func<Task> call, int clients, int requests)
    {
        var remaining = requests;
        var all = new List<double>(requests);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>(requests / clients + 1);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (all) all.AddRange(mine);
        })));
        return new Run(clock.Elapsed.TotalSeconds, requests, new Latencies(all));
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
               $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, server and clients in this process, " +
               $"load average {BenchMachine.LoadAverage()}";
    }
}
