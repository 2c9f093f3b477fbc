using Lineage.Api.Options;
using Lineage.Api.Stages.Clustering;
using Lineage.Api.Stages.Embedding;
using Lineage.Domain.Examples;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Clustering.Storage;
using static TorchSharp.torch;

namespace Lineage.Api.Tests.Clustering;

/// <summary>
/// A pool's vectors for clustering: up to Lineage:Clustering:ResidentRows as a tensor, past it a scratch file holding the
/// same rows in the pool's order, checked against the events' hashes as they are written.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PoolRowsSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lineage-pool-rows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(1_000, typeof(TensorRows))]
    [InlineData(0, typeof(RowFile))]
    public void hold_the_pools_rows_in_its_order_in_memory_or_in_a_scratch_file(long residentRows, Type expected)
    {
        var (examples, values) = Pool();
        var vectors = Vectors(residentRows);

        using var rows = vectors.Rows(examples, null, 5);

        Assert.IsType(expected, rows.Source);
        Assert.Equal(examples.Count, rows.Source.Rows);
        using var all = rows.Source.Read(0, examples.Count);
        Assert.Equal(values, all.data<float>().ToArray());
        if (rows.Source is RowFile file)
        {
            Assert.StartsWith(Path.Combine(_root, "scratch"), file.Path);
            rows.Dispose();
            Assert.False(File.Exists(file.Path), "the scratch file outlived the pool");
        }
    }

    [Fact]
    public void refuse_a_vector_whose_bytes_are_not_what_its_event_recorded_when_spilling()
    {
        var (examples, _) = Pool();
        var tampered = examples.ToList();
        var e = tampered[3].Embedding!;
        tampered[3] = new Member(tampered[3].Id, e with { VectorSha256 = new string('0', 64) });

        var error = Assert.Throws<InvalidDataException>(() => Vectors(0).Rows(tampered, null, 5));
        Assert.Contains(e.VectorAddress, error.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "scratch")));
    }

    private PoolVectors Vectors(long residentRows) =>
        new(new EmbeddingVectors(new BlobStore(Path.Combine(_root, "data"))), new LineageOptions
        {
            Clustering = new ClusteringOptions { ResidentRows = residentRows, ScratchDirectory = Path.Combine(_root, "scratch") },
        });

    /// <summary>Two embed batches' blobs, their rows interleaved in the pool's order; and the values the pool should read back.</summary>
    private (IReadOnlyList<IPoolExample> Examples, float[] Values) Pool()
    {
        var store = new EmbeddingVectors(new BlobStore(Path.Combine(_root, "data")));
        var batches = new[] { 4, 3 }.Select((n, b) =>
        {
            var values = Enumerable.Range(0, n * 5).Select(i => (float)(b * 100 + i) / 7f).ToArray();
            using var matrix = tensor(values, [n, 5]);
            return (Values: values, Stored: store.Save(matrix));
        }).ToList();
        var order = new[] { (1, 2), (0, 0), (0, 3), (1, 0), (0, 1), (1, 1), (0, 2) };
        var examples = order.Select((o, i) => (IPoolExample)new Member($"ex-{i}", Embedded($"ex-{i}", batches[o.Item1].Stored[o.Item2]))).ToList();
        var expected = order.SelectMany(o => batches[o.Item1].Values.Skip(o.Item2 * 5).Take(5)).ToArray();
        return (examples, expected);
    }

    private static ExampleEmbedded Embedded(string id, StoredVector v) =>
        new("run-1", id, "proxy", "weights", "tokenizer", "fast", 5, 1, v.Address, v.Sha256, 10, 5);

    private sealed record Member(string Id, ExampleEmbedded? Embedding) : IPoolExample
    {
        public string Origin => "procedural";
        public string Problem => "p";
        public string Solution => "s";
        public Decision Outcome => Decision.Kept;
        public int? DecidedRound => 0;
    }
}
