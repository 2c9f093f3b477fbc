using System.Security.Cryptography;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Security.Inputs;

/// <summary>
/// Hashes a pipeline's input files when it is defined, asynchronously (no request thread blocks on disk), at most
/// <see cref="InputOptions.HashConcurrency"/> files at a time across all requests, and never past
/// <see cref="InputOptions.MaxFileBytes"/>: a file that grows past the cap mid-read is refused, not hashed forever.
/// </summary>
public sealed class InputHasher(InputOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.HashConcurrency));

    /// <summary>The config with the SHA-256 of each input file recorded (files that do not exist are left to validation).</summary>
    public async Task<PipelineConfig> WithContentHashesAsync(PipelineConfig config, CancellationToken ct)
    {
        var seeds = config.Seeds;
        if (seeds is not null && Runs.InputFiles.Exists(seeds.File)) seeds = seeds with { Sha256 = await InputSha256Async(seeds.File, ct) };
        var decontamination = config.Decontamination;
        if (decontamination is not null && decontamination.Files.All(File.Exists))
        {
            var hashes = new string[decontamination.Files.Length];
            for (var i = 0; i < hashes.Length; i++) hashes[i] = await Sha256Async(decontamination.Files[i], ct);
            decontamination = decontamination with { Sha256s = hashes };
        }
        return config with { Seeds = seeds, Decontamination = decontamination };
    }

    /// <summary>As <see cref="Runs.InputFiles.Sha256Of"/>: a file's SHA-256, or a dataset folder's over its shards' lines.</summary>
    public async Task<string> InputSha256Async(string path, CancellationToken ct)
    {
        if (!Directory.Exists(path)) return await Sha256Async(path, ct);
        var lines = new System.Text.StringBuilder();
        foreach (var shard in Exports.HfDatasetFolder.DataFiles(path))
            lines.Append($"{Path.GetRelativePath(path, shard).Replace('\\', '/')} {await Sha256Async(shard, ct)}\n");
        return Lineage.Domain.Hashing.Sha256Hex.Of(lines.ToString());
    }

    public async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > options.MaxFileBytes)
                    throw new InvalidDataException($"input file {path} is larger than {InputOptions.Section}:MaxFileBytes ({options.MaxFileBytes} bytes)");
                hash.AppendData(buffer, 0, read);
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
