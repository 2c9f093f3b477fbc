using System.Diagnostics;
using System.Globalization;
using Lineage.Api.Stages.Embedding;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using static TorchSharp.torch;

namespace Lineage.Api.Audits;

/// <summary>
/// Recomputes every recorded embedding with the stage's own code (<see cref="BatchEmbedding"/>) and the proxy the run
/// resolves to (<see cref="ProxySource"/>), storing nothing, and compares: which examples each batch embedded, the
/// proxy's id and weights hash, tokenizer, mode, dimension, projection seed and token counts (exactly), the vector (bit
/// for bit, or within <see cref="Tolerance"/> of the stored row, counted and said), and whether the stored row still
/// hashes to what its event recorded. The vectors the later stages use are kept in <see cref="CheckedVectors"/>.
/// </summary>
public static class EmbeddingAudit
{
    public const string Stage = "embed";

    /// <summary>Largest element difference accepted from a unit vector recomputed on another device or thread count.</summary>
    public const double Tolerance = 1e-5;

    public static async Task<StageAudit> RunAsync(VersionLog origin, ProxyModelHost proxies, CheckedVectors vectors, Device device, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage);
        var run = origin.OriginRun;
        if (run.Config.Diversity is not { } diversity) return differ.Result(0, "nothing to re-derive: the run had no diversity settings, so nothing was embedded");
        var seeds = origin.Seeds;
        var source = ProxySource.For(run, seeds);
        var (exact, close, worst) = (0, 0, 0.0);
        foreach (var (round, batch) in StageStreamKeys.Batches(origin, Stage))
        {
            var subject = $"round {round} batch {batch}";
            var recorded = origin.Stream(RunIds.Streams.Embed(run.RunId, round, batch));
            var recordedEmbedded = recorded.OfType<ExampleEmbedded>().ToList();
            var inputs = round == 0
                ? EmbeddingInputs.OfSeeds(seeds)
                : EmbeddingInputs.OfBatch(origin.Stream(RunIds.Streams.Generate(run.RunId, round, batch)), origin.Stream(RunIds.Streams.Verify(run.RunId, round, batch)));
            var ids = string.Join(",", inputs.Select(i => i.ExampleId));
            var recordedIds = string.Join(",", recordedEmbedded.Select(e => e.ExampleId));
            if (ids != recordedIds) differ.Add(subject, "inputs", EventFields.Cut(recordedIds), EventFields.Cut(ids));

            var rows = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var rederived = await proxies.UseAsync(source, LoadedProxy.DTypeOf(diversity.ProxyDType), proxy => BatchEmbedding.Embed(run.RunId, round, batch, inputs, diversity, proxy, m =>
            {
                using var cpu = m.to_type(ScalarType.Float32).cpu().contiguous();
                var all = cpu.data<float>().ToArray();
                for (var i = 0; i < inputs.Count; i++) rows[inputs[i].ExampleId] = all.AsSpan(i * diversity.Dimension, diversity.Dimension).ToArray();
                return EmbeddingVectors.Describe(m);
            }), ct);
            var byId = rederived.OfType<ExampleEmbedded>().ToDictionary(e => e.ExampleId, StringComparer.Ordinal);
            var batchExact = recordedEmbedded.All(e => byId.TryGetValue(e.ExampleId, out var r) && r.VectorSha256 == e.VectorSha256);

            foreach (var e in recordedEmbedded)
            {
                var again = byId.GetValueOrDefault(e.ExampleId);
                // The address names the batch's blob, whose hash moves with any row's last bit: compared only when every row is exact.
                differ.Compare(e.ExampleId, e, again, batchExact ? ["vectorSha256"] : ["vectorSha256", "vectorAddress"]);
                var stored = vectors.Read(e.VectorAddress);
                var intact = stored.Sha256 == e.VectorSha256;
                if (!intact)
                    differ.Add(e.ExampleId, "storedVector", $"row sha256 {e.VectorSha256}",
                        stored.Values is null ? stored.Problem! : $"the stored row {e.VectorAddress} now hashes to {stored.Sha256}");
                if (again is null || !rows.TryGetValue(e.ExampleId, out var recomputed)) continue;
                vectors.Use(e.VectorAddress, intact ? stored.Values! : recomputed);
                if (again.VectorSha256 == e.VectorSha256)
                {
                    exact++;
                    continue;
                }
                var delta = intact ? MaxDelta(stored.Values!, recomputed) : double.NaN;
                if (delta <= Tolerance)
                {
                    (close, worst) = (close + 1, Math.Max(worst, delta));
                    continue;
                }
                differ.Add(e.ExampleId, "vector", $"sha256 {e.VectorSha256}", $"sha256 {again.VectorSha256}" +
                    (intact ? $", max |Δ| {delta.ToString("0.###e0", CultureInfo.InvariantCulture)} from the stored row" : ", and the stored row cannot vouch for either"));
            }
            differ.Compare(subject, recorded.OfType<BatchEmbedded>().SingleOrDefault(), rederived.OfType<BatchEmbedded>().SingleOrDefault());
        }
        var note = $"recomputed with proxy {source.ModelId} on {device.type}: {exact} vectors bit for bit"
                   + (close > 0 ? $", {close} within {Tolerance:0e0} per element (max |Δ| {worst:0.###e0}; a device or thread count other than the embedding worker's sums in another order)" : "");
        return differ.Result(clock.Elapsed.TotalSeconds, note);
    }

    private static double MaxDelta(float[] a, float[] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }
}
