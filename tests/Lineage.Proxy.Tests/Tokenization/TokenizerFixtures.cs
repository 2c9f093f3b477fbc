using System.Runtime.CompilerServices;
using System.Text.Json;
using Lineage.Proxy.Tokenization;

namespace Lineage.Proxy.Tests.Tokenization;

/// <summary>
/// The committed tokenizer files and JS reference ids under fixtures/tokenizers
/// (produced by tools/tokenizer-fixture), and tokenizers loaded once per test run.
/// </summary>
internal static class TokenizerFixtures
{
    private static readonly Lazy<string> Root = new(() => FindFixtures());
    private static readonly Lazy<QwenTokenizer> SharedQwen = new(() => QwenTokenizer.FromFolder(Qwen3Folder));
    private static readonly Lazy<Llama3Tokenizer> SharedLlama3 = new(() => Llama3Tokenizer.FromFolder(Llama3Folder));

    public static string Folder => Root.Value;

    public static string Qwen3Folder => Path.Combine(Folder, "qwen3");

    public static string Llama3Folder => Path.Combine(Folder, "llama3");

    public static QwenTokenizer Qwen => SharedQwen.Value;

    public static Llama3Tokenizer Llama3 => SharedLlama3.Value;

    public static ReferenceFile Reference(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Folder, name));
        return JsonSerializer.Deserialize<ReferenceFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{name} is empty");
    }

    // Builds may use an --artifacts-path outside the repository, so the source
    // file's own location is the anchor rather than the test binaries'.
    private static string FindFixtures([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fixtures", "tokenizers");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"no fixtures/tokenizers above {sourceFile}");
    }
}

internal sealed record ReferenceFile(string Reference, string Tokenizer, ReferenceCase[] Cases, ReferenceChat[] Chats);

internal sealed record ReferenceCase(string Text, int[] Ids, string? Decoded);

internal sealed record ReferenceChat(string? System, string User, string Assistant, int[] PromptIds, int[] CompletionIds);
