using System.Diagnostics;
using System.Net;

namespace Lineage.Bench.Spine;

public sealed record WhyLatencyResult(int Clients, int Requests, double Seconds, Latencies Latencies)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// <c>GET /examples/{id}/lineage</c> over real HTTP (Kestrel on loopback) from a fixed number of concurrent
/// clients, each sending its next request as soon as the last one answered (a closed loop), ids drawn at
/// random from the version. Every answer must be 200; the latency is the client-side round trip.
/// </summary>
public static class WhyLatencyBenchmark
{
    /// <param name="apiKey">A key the server accepts (authentication is on, as in a deployment).</param>
    public static async Task<WhyLatencyResult> RunAsync(Uri server, string apiKey, IReadOnlyList<string> ids, int clients, int requests, int warmup, TextWriter log)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        await LoadAsync(http, ids, clients, warmup, seed: 1);
        log.WriteLine($"  warmed up with {warmup:N0} requests");
        var clock = Stopwatch.StartNew();
        var latencies = await LoadAsync(http, ids, clients, requests, seed: 2);
        return new WhyLatencyResult(clients, requests, clock.Elapsed.TotalSeconds, new Latencies(latencies));
    }

    private static async Task<List<double>> LoadAsync(HttpClient http, IReadOnlyList<string> ids, int clients, int requests, int seed)
    {
        var remaining = requests;
        var all = new List<double>(requests);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(seed * 1000 + client);
            var mine = new List<double>(requests / clients + 1);
            var buffer = new byte[64 * 1024];
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var id = ids[random.Next(ids.Count)];
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/examples/{id}/lineage", HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                while (await body.ReadAsync(buffer) > 0) { }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET /examples/{id}/lineage answered {(int)response.StatusCode}");
            }
            lock (all) all.AddRange(mine);
        }));
        return all;
    }
}
