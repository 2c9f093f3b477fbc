using System.Text.Json;
using Lineage.Api.Examples;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.Versions;

/// <summary>
/// Writes a version as JSON Lines, one example per line in manifest order, with its lineage fields
/// (generator, verification, cluster, decision), streamed page by page so memory stays flat.
/// </summary>
public sealed class VersionExporter(IDocumentStore store)
{
    private const int Page = 1000;
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public async Task<int> ExportAsync(string versionId, Stream output, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var manifest = await session.LoadAsync<DatasetManifest>(versionId, ct)
            ?? throw new KeyNotFoundException($"no manifest for version {versionId}");
        var written = 0;
        for (var start = 0; start < manifest.Entries.Count; start += Page)
        {
            var ids = manifest.Entries.Skip(start).Take(Page).Select(e => e.ExampleId).ToArray();
            var docs = (await session.LoadManyAsync<ExampleLineage>(ct, ids)).ToDictionary(x => x.Id);
            foreach (var entry in manifest.Entries.Skip(start).Take(Page))
            {
                var x = docs[entry.ExampleId];
                var line = new
                {
                    id = x.Id,
                    problem = x.Problem,
                    solution = x.Solution,
                    answer = x.Answer,
                    contentSha256 = entry.ContentSha256,
                    lineage = new
                    {
                        runId = x.RunId,
                        round = x.Round,
                        generator = x.Generated?.GeneratorId,
                        generatorKind = x.Generated?.GeneratorKind,
                        model = x.Generated?.ModelId,
                        promptTemplateHash = x.Generated?.PromptTemplateHash,
                        parents = x.Generated?.ParentExampleIds,
                        samplingSeed = x.Generated?.Sampling.Seed,
                        verification = x.Verification?.Method,
                        cluster = x.Clusters.LastOrDefault() is { } c ? $"{c.ClusteringId}/{c.ClusterId}" : null,
                        rule = x.Rule,
                        reason = x.Decision?.Reason,
                        why = WhyReport.Lines(x),
                    },
                };
                await JsonSerializer.SerializeAsync(output, line, CanonicalJson.Options, ct);
                // Asynchronously: an HTTP response body refuses synchronous writes.
                await output.WriteAsync(NewLine, ct);
                written++;
            }
            await output.FlushAsync(ct);
        }
        return written;
    }
}
