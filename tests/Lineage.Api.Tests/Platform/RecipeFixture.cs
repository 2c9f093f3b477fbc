using System.Text.Json.Nodes;
using Lineage.Proxy.Tokenization;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// The platform with a teacher of known answers (<see cref="ScriptedTeacherServer"/>, allow-listed as
/// <c>scripted</c>) and a Hugging Face proxy folder: the tiny random Qwen2 of <c>fixtures/hf-golden/tiny-qwen2</c>
/// (config and weights copied), with a byte-level BPE tokenizer of 256 byte tokens and Qwen's three chat tokens
/// written beside it, since the fixture carries none and its vocabulary has only 1,024 rows.
/// </summary>
public sealed class RecipeFixture() : LineageFixture("recipe"), IAsyncLifetime
{
    public const int SeedCount = 12;

    public ScriptedTeacherServer Teacher { get; private set; } = null!;

    public string ProxyFolder => Path.Combine(Options.DataDirectory, "tiny-qwen2-proxy");

    public string SeedFile => Path.Combine(Options.DataDirectory, "seeds.jsonl");

    private readonly SemaphoreSlim _once = new(1, 1);
    private object? _shared;

    /// <summary>The result of <paramref name="make"/>, made by the first caller only: the specs share one run.</summary>
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

    protected override async Task PrepareAsync()
    {
        Teacher = await ScriptedTeacherServer.StartAsync();
        Directory.CreateDirectory(ProxyFolder);
        var golden = TinyQwen2();
        foreach (var file in new[] { "config.json", "model.safetensors" })
            File.Copy(Path.Combine(golden, file), Path.Combine(ProxyFolder, file), overwrite: true);
        WriteByteTokenizer(ProxyFolder);
        PipelineRuns.WriteSeedFile(SeedFile, seed: 5, SeedCount);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:Teachers:Endpoints:0:Name", "scripted"),
        new("Lineage:Teachers:Endpoints:0:BaseUrl", Teacher.BaseAddress.AbsoluteUri),
        new("Lineage:Teachers:Endpoints:0:ApiKey", "scripted-key"),
    ];

    private static void WriteByteTokenizer(string folder)
    {
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++) vocab[ByteLevelAlphabet.CharFor((byte)b).ToString()] = b;
        File.WriteAllText(Path.Combine(folder, "vocab.json"), vocab.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n");
        var added = new JsonObject();
        string[] specials = [QwenTokenizer.EndOfText, QwenTokenizer.ImStart, QwenTokenizer.ImEnd];
        for (var i = 0; i < specials.Length; i++)
            added[(256 + i).ToString()] = new JsonObject
            {
                ["content"] = specials[i], ["lstrip"] = false, ["rstrip"] = false, ["single_word"] = false,
                ["normalized"] = false, ["special"] = true,
            };
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), new JsonObject { ["added_tokens_decoder"] = added }.ToJsonString());
    }

    /// <summary>The repository's <c>fixtures/hf-golden/tiny-qwen2</c>, found above the test binary.</summary>
    public static string TinyQwen2()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fixtures", "hf-golden", "tiny-qwen2");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("fixtures/hf-golden/tiny-qwen2 is not above the test binary");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Teacher.DisposeAsync();
    }
}
