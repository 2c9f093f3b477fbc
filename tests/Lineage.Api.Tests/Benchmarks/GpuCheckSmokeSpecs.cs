using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Lineage.Api.Tests.Benchmarks;

/// <summary>
/// <c>scripts/gpu-check.sh --smoke</c> as a child process: the .NET side at tiny sizes on the CPU, and either the
/// PyTorch reference (where torch imports) or a note saying why it was skipped. The JSON it writes is what a GPU run
/// writes, so its shape and its sanity are checked here.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GpuCheckSmokeSpecs
{
    [Fact]
    public async Task the_smoke_run_writes_one_json_of_sane_results()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), $"gpu-check-{Guid.NewGuid():N}.json");
        try
        {
            var (code, log) = await RunAsync(root, output);
            Assert.True(code == 0, log);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
            Assert.True(json["smoke"]!.GetValue<bool>());
            Assert.True(json["ok"]!.GetValue<bool>());
            Assert.Equal("cpu", json["device"]!.GetValue<string>());

            var checks = json["proxyCheck"]!.AsArray();
            Assert.Equal(["tiny-qwen2", "tiny-llama"], checks.Select(c => c!["fixture"]!.GetValue<string>()));
            Assert.All(checks, c =>
            {
                Assert.Equal(0, c!["exitCode"]!.GetValue<int>());
                Assert.Contains("greedy: match", c["output"]!.GetValue<string>());
            });

            var embeddings = json["embeddings"]!;
            Assert.Equal(158_272, embeddings["parameters"]!.GetValue<long>());   // the fixture shape, counted by hand in docs/gpu-check.md
            foreach (var (mode, examples) in new[] { ("exact", 4), ("fast", 8) })
            {
                Assert.Equal(examples, embeddings[mode]!["examples"]!.GetValue<int>());
                var rate = embeddings[mode]!["examplesPerSecond"]!.GetValue<double>();
                Assert.True(rate > 0 && double.IsFinite(rate), $"{mode}: {rate}");
            }

            var kmeans = json["kmeans"]!;
            Assert.Equal((2000, 64, 200, 20), (kmeans["rows"]!.GetValue<int>(), kmeans["dimension"]!.GetValue<int>(), kmeans["k"]!.GetValue<int>(), kmeans["iterations"]!.GetValue<int>()));
            Assert.InRange(kmeans["nonEmptyClusters"]!.GetValue<int>(), 2, 200);
            // Random unit rows: each sits well away from its centroid, so 1 − cos averages well above 0 and below 1.
            Assert.InRange(kmeans["objective"]!.GetValue<double>() / 2000, 0.2, 0.95);

            // 2,000 random unit rows in 64 dimensions: X^T X / n is near I/64 (Marchenko–Pastur ratio 0.032), so the
            // effective number of directions is just under 64.
            Assert.InRange(json["gvendi"]!["value"]!.GetValue<double>(), 60, 64);

            if (json["reference"] is null)
                Assert.Contains("import torch", json["referenceNote"]!.GetValue<string>());
            else
                Assert.NotNull(json["ratios"]!["kmeans"]);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int Code, string Log)> RunAsync(string root, string output)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "scripts/gpu-check.sh", "--smoke", "--out", output }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gpu-check.sh --smoke ran past 10 minutes: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "gpu-check.sh"))) return dir.FullName;
        throw new DirectoryNotFoundException("scripts/gpu-check.sh is not above the test binary");
    }
}
