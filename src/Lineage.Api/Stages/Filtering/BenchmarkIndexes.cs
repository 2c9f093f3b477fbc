using System.Collections.Concurrent;
using Lineage.Domain.Pipelines;
using Lineage.Filters.Rules;

namespace Lineage.Api.Stages.Filtering;

/// <summary>
/// The n-gram index of a decontamination config, built once per process and shared by every round
/// (GSM8K's test split indexes in well under a second, but there is no reason to do it per round).
/// </summary>
public sealed class BenchmarkIndexes
{
    private readonly ConcurrentDictionary<string, Lazy<NgramIndex>> _indexes = new(StringComparer.Ordinal);

    public NgramIndex For(DecontaminationConfig config)
    {
        var files = config.Files.Select(Path.GetFullPath).ToArray();
        var hashes = config.Sha256s is { } h && h.Length == files.Length ? h : null;
        var key = config.N + "\n" + string.Join("\n", files) + "\n" + string.Join(",", hashes ?? []);
        // PublicationOnly: a failed build (a file not yet mounted, or changed) is not cached, so a retry can succeed.
        return _indexes.GetOrAdd(key, _ => new Lazy<NgramIndex>(() => Build(files, hashes, config.N), LazyThreadSafetyMode.PublicationOnly)).Value;
    }

    /// <summary>Checks each file against its recorded hash once, when its index is built: the index then holds those bytes.</summary>
    private static NgramIndex Build(IReadOnlyList<string> files, string[]? hashes, int n)
    {
        for (var i = 0; i < files.Count; i++)
        {
            if (!File.Exists(files[i])) throw new InvalidOperationException($"benchmark file {files[i]} does not exist on this worker");
            Runs.InputFiles.Verify(files[i], hashes?[i], "benchmark");
        }
        return NgramIndex.Build(files.SelectMany(f => BenchmarkFile.ReadJsonl(f, ["question"], Label(f))), n);
    }

    /// <summary>Evidence names the file by its folder and name (<c>gsm8k/test.jsonl</c>), not by a machine's path.</summary>
    public static string Label(string file) =>
        Path.GetFileName(Path.GetDirectoryName(file)) is { Length: > 0 } folder ? $"{folder}/{Path.GetFileName(file)}" : Path.GetFileName(file);
}
