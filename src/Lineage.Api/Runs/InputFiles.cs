using System.Security.Cryptography;

namespace Lineage.Api.Runs;

/// <summary>
/// A pipeline's input files (seed pool, benchmark files) are part of what a run is: their contents are hashed
/// when the pipeline is defined, the config hash counts the contents instead of the paths, and every worker that
/// reads a file checks it still holds those bytes.
/// </summary>
public static class InputFiles
{
    /// <summary>Throws when the file no longer holds the bytes recorded at definition (no record: nothing to check).</summary>
    public static void Verify(string path, string? expectedSha256, string role)
    {
        if (expectedSha256 is null) return;
        if (!Exists(path)) throw new InvalidOperationException($"{role} file {path} does not exist on this worker");
        var actual = Sha256Of(path);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"{role} file {path} changed since the pipeline was defined: sha256 {actual[..12]}, recorded {expectedSha256[..Math.Min(12, expectedSha256.Length)]}; redefine the pipeline to use the new contents");
    }

    /// <summary>A file, or a dataset folder (a seed pool may be a Hugging Face folder of Parquet shards).</summary>
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>
    /// A file's SHA-256; a folder's is the SHA-256 of the lines <c>{name} {sha256}\n</c> of its <c>data/*.parquet</c> in
    /// name order, so renaming, reordering or changing a shard changes it and nothing else in the folder counts.
    /// </summary>
    public static string Sha256Of(string path)
    {
        if (Directory.Exists(path))
            return Lineage.Domain.Hashing.Sha256Hex.Of(string.Concat(Exports.HfDatasetFolder.DataFiles(path)
                .Select(f => $"{Path.GetRelativePath(path, f).Replace('\\', '/')} {Sha256Of(f)}\n")));
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
