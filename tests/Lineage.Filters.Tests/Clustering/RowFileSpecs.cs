using Lineage.Filters.Clustering;
using Lineage.Filters.Clustering.Rows;
using Lineage.Filters.Diversity;
using static TorchSharp.torch;

namespace Lineage.Filters.Tests.Clustering;

/// <summary>
/// Clustering rows read block by block from a scratch file (what a round's pool becomes when it is larger than a
/// worker should hold) gives what clustering the same rows as one tensor gives, bit for bit, while never holding more
/// than a block of rows.
/// </summary>
[Trait("Category", "Unit")]
public class rows_read_from_a_file
{
    private const int Chunk = 512;

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.5)] // rows of other lengths: normalised block by block as they are read
    public void cluster_as_the_same_rows_in_one_tensor_do(long seed, double scale)
    {
        var (rows, _) = SphereData.Planted(n: 5000, d: 32, clusters: 40, noise: 0.3, seed: 5 + (int)seed);
        var scaled = rows.Select((r, i) => r.Select(v => v * scale * (1 + i % 7)).ToArray()).ToArray();
        if (scale == 1.0) scaled = rows;
        using var x = SphereData.ToTensor(scaled);
        using var file = FileOf(scaled);
        var options = new KMeansOptions { K = 120, Seed = seed, ChunkRows = Chunk };
        var inMemory = new List<KMeansProgress>();
        var fromFile = new List<KMeansProgress>();

        using var expected = CosineKMeans.Fit(x, options, new Collect(inMemory));
        var reads = new Recording(file);
        using var actual = CosineKMeans.Fit(reads, options, new Collect(fromFile));

        Assert.Equal(expected.Assignments, actual.Assignments);
        Assert.Equal(expected.Cosines, actual.Cosines);
        Assert.Equal(expected.Sizes, actual.Sizes);
        Assert.Equal(expected.Objective, actual.Objective);
        Assert.Equal(Bits(expected.Centroids), Bits(actual.Centroids));
        Assert.Equal(inMemory.Select(p => (p.Iteration, p.Objective, p.PointsReassigned, p.EmptyClustersReseeded)),
            fromFile.Select(p => (p.Iteration, p.Objective, p.PointsReassigned, p.EmptyClustersReseeded)));
        Assert.True(expected.Iterations > 1, "the comparison should cover Lloyd iterations, not only seeding");
        Assert.InRange(reads.LargestRead, 1, Chunk);
        // Seeding gathers one step's candidates, and finally the K seeds (the centroids' size).
        Assert.InRange(reads.LargestGather, 1, options.K);
    }

    [Fact]
    public void run_the_papers_first_k_kmeans_as_the_same_rows_in_one_tensor_do()
    {
        var rows = SphereData.Uniform(n: 3000, d: 24, seed: 3).Select((r, i) => r.Select(v => v * (1 + i % 5)).ToArray()).ToArray();
        using var x = SphereData.ToTensor(rows);
        using var file = FileOf(rows);

        using var expected = FirstKKMeans.Fit(x, k: 90, iterations: 6, chunkRows: Chunk);
        var reads = new Recording(file);
        using var actual = FirstKKMeans.Fit(reads, k: 90, iterations: 6, chunkRows: Chunk);

        Assert.Equal(expected.Assignments, actual.Assignments);
        Assert.Equal(expected.Objective, actual.Objective);
        Assert.Equal(Bits(expected.Centroids), Bits(actual.Centroids));
        Assert.InRange(reads.LargestRead, 1, Chunk);
    }

    [Fact]
    public void give_the_same_g_vendi_and_nearest_centroids()
    {
        var rows = SphereData.Uniform(n: 9000, d: 16, seed: 9);
        using var x = SphereData.ToTensor(rows);
        using var file = FileOf(rows);
        using var centroids = SphereData.ToTensor(SphereData.Uniform(n: 30, d: 16, seed: 10));

        Assert.Equal(GVendi.Score(x), GVendi.Score(file));
        var (cluster, cosine) = CosineKMeans.Assign(x, centroids, chunkRows: Chunk);
        var (fileCluster, fileCosine) = CosineKMeans.Assign(file, centroids, chunkRows: Chunk);
        Assert.Equal(cluster, fileCluster);
        Assert.Equal(cosine, fileCosine);
    }

    [Fact]
    public void hold_what_was_written_where_it_was_written_and_are_deleted_on_dispose()
    {
        var file = RowFile.Create(rows: 4, columns: 3);
        file.Write(2, [7f, 8f, 9f, 10f, 11f, 12f]);
        Assert.Throws<InvalidOperationException>(() => file.Read(0, 1)); // rows 0 and 1 are missing
        file.Write(0, [1f, 2f, 3f]);
        Assert.Throws<InvalidOperationException>(() => file.Write(0, [0f, 0f, 0f]));
        file.Write(1, [4f, 5f, 6f]);

        using (var block = file.Read(1, 2)) Assert.Equal([4f, 5f, 6f, 7f, 8f, 9f], block.data<float>().ToArray());
        using (var picked = file.Gather([3, 0])) Assert.Equal([10f, 11f, 12f, 1f, 2f, 3f], picked.data<float>().ToArray());
        Assert.Equal(48, new FileInfo(file.Path).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(3, 2));

        file.Dispose();
        Assert.False(File.Exists(file.Path));
    }

    private static RowFile FileOf(double[][] rows)
    {
        var file = RowFile.Create(rows.Length, rows[0].Length);
        // Written out of order, a few rows at a time, as a pool's vectors arrive blob by blob.
        for (int start = ((rows.Length - 1) / 7) * 7; start >= 0; start -= 7)
        {
            var take = rows.Skip(start).Take(7).SelectMany(r => r.Select(v => (float)v)).ToArray();
            file.Write(start, take);
        }
        return file;
    }

    private static int[] Bits(Tensor t)
    {
        using var cpu = t.cpu().contiguous();
        return cpu.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    private sealed class Collect(List<KMeansProgress> into) : IProgress<KMeansProgress>
    {
        public void Report(KMeansProgress value) => into.Add(value);
    }

    /// <summary>The file, noting the largest block and the most rows gathered at once.</summary>
    private sealed class Recording(IRowSource inner) : IRowSource
    {
        public long LargestRead { get; private set; }
        public long LargestGather { get; private set; }
        public long Rows => inner.Rows;
        public long Columns => inner.Columns;
        public Device Device => inner.Device;
        public bool Resident => inner.Resident;

        public Tensor Read(long start, long count)
        {
            LargestRead = Math.Max(LargestRead, count);
            return inner.Read(start, count);
        }

        public Tensor Gather(IReadOnlyList<long> rows)
        {
            LargestGather = Math.Max(LargestGather, rows.Count);
            return inner.Gather(rows);
        }
    }
}
