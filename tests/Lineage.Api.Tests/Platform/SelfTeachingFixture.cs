using System.Text.Json;
using Lineage.Proxy.Embeddings;
using Lineage.Generators.Procedural;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// The whole platform on a real Kestrel port, also serving a tiny in-process teacher at <c>/v1</c>
/// (<c>Lineage:Teacher:ModelFolder</c>): a pipeline with <c>Generator.Kind = "openai"</c> pointed at
/// <see cref="TeacherEndpoint"/> has its generate stage call the host it runs in, over HTTP.
/// The model is a DefaultProxy trained for a few steps on procedural problems: it writes byte noise.
/// A small GSM8K-format seed file gives the few-shot parents.
/// </summary>
public sealed class SelfTeachingFixture() : LineageFixture("teacher")
{
    public const string ModelId = "tiny-teacher";
    public const int SeedCount = 8;

    public string ModelFolder => Path.Combine(Options.DataDirectory, "teacher-model");

    public string SeedFile => Path.Combine(Options.DataDirectory, "seeds.jsonl");

    /// <summary>The host's own OpenAI-compatible root, as a pipeline's <c>Generator.Endpoint</c> names it.</summary>
    public Uri TeacherEndpoint => new(Client.BaseAddress!, "v1/");

    private readonly SemaphoreSlim _once = new(1, 1);
    private object? _shared;

    /// <summary>
    /// The result of <paramref name="make"/>, made by the first caller only: the specs of a class share one run
    /// (a teacher run is slow to repeat, and its ids are deterministic, so a second one would find the first).
    /// </summary>
    public async Task<T> OnceAsync<T>(Func<Task<T>> make) where T : class
    {
        await _once.WaitAsync();
        try
        {
            return (T)(_shared ??= await make());
        }
        finally
        {
            _once.Release();
        }
    }

    protected override Task PrepareAsync()
    {
        Directory.CreateDirectory(Options.DataDirectory);
        var problems = Enumerable.Range(0, 32).Select(i => ProceduralMathGenerator.Generate(1, i)).ToList();
        DefaultProxy.Train(problems.Select(p => p.Problem), seed: 7, steps: 4, ModelFolder);
        File.WriteAllLines(SeedFile, problems.Take(SeedCount).Select(p => JsonSerializer.Serialize(new
        {
            question = p.Problem,
            answer = $"{string.Join("\n", p.Solution.Split('\n').SkipLast(1))}\n#### {p.Answer}",
        })));
        return Task.CompletedTask;
    }

    /// <summary>The port the host binds, chosen before it starts so the teacher allow-list can name its own <c>/v1</c>.</summary>
    private readonly int _port = Ports.Closed();

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The host's own /v1, called with the fixture's key, the way a pipeline reaches any allow-listed teacher.
            ["Lineage:Teachers:Endpoints:0:Name"] = "self",
            ["Lineage:Teachers:Endpoints:0:BaseUrl"] = $"http://127.0.0.1:{_port}/v1/",
            ["Lineage:Teachers:Endpoints:0:ApiKey"] = AdminKey,
            ["Lineage:Teacher:ModelFolder"] = ModelFolder,
            ["Lineage:Teacher:ModelId"] = ModelId,
            // Requests without max_tokens get few tokens. The openai source always sends its own (2048 for a
            // problem call), which the model's 512-token context cuts to 256: at most 256 bytes of noise per call.
            ["Lineage:Teacher:DefaultMaxTokens"] = "32",
        });
    }

    protected override HttpClient CreateClient()
    {
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }
}
