using System.Net;
using System.Text;
using System.Text.Json;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// Over HTTP, a pipeline naming a file the host may not read, or a teacher it may not call, is answered 400 naming
/// the field, in words that do not depend on whether the file exists, and nothing is appended.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecuredHostCollection.Name)]
public class InputRefusalSpecs(SecuredHostFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.SeedOnceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpStatusCode Status, Dictionary<string, string> Errors)> DefineAsync(string config)
    {
        using var response = await f.Client.PutAsync("/pipelines",
            new StringContent($$"""{"name":"sandboxed","config":{{config}}}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var errors = new Dictionary<string, string>();
        if (response.StatusCode == HttpStatusCode.BadRequest)
            foreach (var e in JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject())
                errors[e.Name] = e.Value[0].GetString()!;
        return (response.StatusCode, errors);
    }

    [Theory]
    [InlineData("""{"seeds":{"file":"/dev/zero"}}""", "config.seeds.file")]
    [InlineData("""{"seeds":{"file":"/etc/passwd"}}""", "config.seeds.file")]
    [InlineData("""{"seeds":{"file":"/proc/self/environ"}}""", "config.seeds.file")]
    [InlineData("""{"decontamination":{"files":["/etc/hostname"]}}""", "config.decontamination.files[0]")]
    [InlineData("""{"diversity":{"proxyModel":"/usr/lib"}}""", "config.diversity.proxyModel")]
    [InlineData("""{"generator":{"kind":"openai","endpoint":"http://169.254.169.254/latest/"}}""", "config.generator.endpoint")]
    public async Task a_path_outside_the_input_roots_or_an_unlisted_teacher_is_answered_400_naming_the_field(string config, string field)
    {
        var before = await f.StateAsync();
        var (status, errors) = await DefineAsync(config);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([field], errors.Keys);
        Assert.Equal(before, await f.StateAsync());
    }

    [Fact]
    public async Task a_missing_file_and_one_outside_the_roots_read_alike()
    {
        var (_, missing) = await DefineAsync("""{"seeds":{"file":"/etc/no-such-file"}}""");
        var (_, present) = await DefineAsync("""{"seeds":{"file":"/etc/hostname"}}""");
        var escaping = Path.Combine(f.Options.DataDirectory, "..", "..", "etc", "hostname");
        var (_, dotted) = await DefineAsync(JsonSerializer.Serialize(new { seeds = new { file = escaping } }));
        Assert.Equal(missing["config.seeds.file"].Replace("/etc/no-such-file", "FILE"), present["config.seeds.file"].Replace("/etc/hostname", "FILE"));
        Assert.Equal(missing["config.seeds.file"].Replace("/etc/no-such-file", "FILE"), dotted["config.seeds.file"].Replace(escaping, "FILE"));
    }

    [Fact]
    public async Task a_seed_file_in_the_data_directory_is_accepted_and_hashed()
    {
        var path = Path.Combine(f.Options.DataDirectory, "inputs", "seeds.jsonl");
        PipelineRuns.WriteSeedFile(path, seed: 5, count: 3);
        var (status, errors) = await DefineAsync(JsonSerializer.Serialize(new { seeds = new { file = path, limit = 3 } }));
        Assert.True(status == HttpStatusCode.OK, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        var definition = await f.GetAsync<Lineage.Domain.Pipelines.PipelineDefinition>("/pipelines/sandboxed");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), definition.Config.Seeds!.Sha256);
    }
}
