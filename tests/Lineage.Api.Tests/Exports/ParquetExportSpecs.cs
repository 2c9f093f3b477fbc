using Lineage.Api.Exports;
using Lineage.Api.Stages.Seeds;

namespace Lineage.Api.Tests.Exports;

/// <summary>
/// The Parquet writer and the seed reader against DuckDB, without the platform: what the writer puts in, DuckDB
/// reads back value for value (nulls, empty and non-empty lists, non-ASCII text, several row groups), and a file
/// DuckDB writes in GSM8K's shape seeds a pool.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ParquetExportSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lineage-parquet-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ExportRow Row(int i) => new(
        Id: $"run-x-1-0-{i}", Problem: $"Problem {i}: ½ of {i * 2} apples — how many?", Solution: $"Half is {i}.\nThe answer is \\boxed{{{i}}}.",
        Answer: i % 4 == 3 ? null : i.ToString(), Reasoning: i % 2 == 0 ? null : $"think {i}",
        Generator: "procedural-math/v1:halves", Model: null, TemplateHash: "abc",
        Parents: i % 3 == 0 ? [] : Enumerable.Range(0, i % 3).Select(p => $"parent-{i}-{p}").ToList(), Round: 1 + i % 2,
        Clustering: i % 5 == 0 ? null : "run-x-c1", Cluster: i % 5 == 0 ? null : i % 7, ClusterSize: i % 5 == 0 ? null : 10 + i,
        Decision: "kept", Rule: "length+exact-duplicate", Evidence: $"{{\"length\":{100 + i}}}", ContentSha256: $"sha{i}");

    [Fact]
    public async Task duckdb_reads_back_every_value_in_row_groups_of_the_bounded_size()
    {
        var path = Path.Combine(_folder, "rows.parquet");
        var rows = Enumerable.Range(0, 23).Select(Row).ToList();
        await using (var file = File.Create(path))
        await using (var writer = await ParquetRowWriter.CreateAsync(file, rowGroupRows: 5))
            foreach (var row in rows) await writer.AddAsync(row);

        using var db = new DuckDb();
        var p = $"read_parquet({DuckDb.Literal(path)})";
        var groups = db.Rows($"SELECT row_group_id, max(row_group_num_rows) FROM parquet_metadata({DuckDb.Literal(path)}) GROUP BY 1 ORDER BY 1");
        Assert.Equal([5L, 5L, 5L, 5L, 3L], groups.Select(g => Convert.ToInt64(g[1])));

        var read = db.Rows($"SELECT id, problem, solution, answer, reasoning, model, to_json(parents)::VARCHAR, round, clustering, cluster, cluster_size, evidence->>'$.length' FROM {p}");
        Assert.Equal(rows.Count, read.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (want, got) = (rows[i], read[i]);
            Assert.Equal(want.Id, got[0]);
            Assert.Equal(want.Problem, got[1]);
            Assert.Equal(want.Solution, got[2]);
            Assert.Equal(want.Answer, got[3]);
            Assert.Equal(want.Reasoning, got[4]);
            Assert.Null(got[5]);
            Assert.Equal("[" + string.Join(",", want.Parents.Select(x => $"\"{x}\"")) + "]", got[6]);
            Assert.Equal(want.Round, Convert.ToInt32(got[7]));
            Assert.Equal(want.Clustering, got[8]);
            Assert.Equal(want.Cluster, got[9] is null ? null : Convert.ToInt32(got[9]));
            Assert.Equal(want.ClusterSize, got[10] is null ? null : Convert.ToInt32(got[10]));
            Assert.Equal((100 + i).ToString(), got[11]);
        }
    }

    [Fact]
    public async Task an_empty_version_is_a_readable_file_with_the_columns_and_no_rows()
    {
        var path = Path.Combine(_folder, "empty.parquet");
        await using (var file = File.Create(path))
        await using (await ParquetRowWriter.CreateAsync(file)) { }

        using var db = new DuckDb();
        Assert.Equal(0L, db.Scalar<long>($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)})"));
        Assert.Equal(17, db.Describe($"read_parquet({DuckDb.Literal(path)})").Count);
    }

    [Fact]
    public async Task a_gsm8k_shaped_parquet_written_by_duckdb_seeds_the_pool_as_the_jsonl_reader_would()
    {
        var path = Path.Combine(_folder, "gsm8k.parquet");
        using (var db = new DuckDb())
            db.Execute($"""
                COPY (SELECT * FROM (VALUES
                    ('Ann has 3 apples and buys 4. How many?', 'She has 3+4=<<3+4=7>>7 apples.' || chr(10) || '#### 7'),
                    ('Bob earns 1,200 a month. A year?', '12*1200=<<12*1200=14400>>14400' || chr(10) || '#### 14,400'))
                  AS t(question, answer)) TO {DuckDb.Literal(path)} (FORMAT parquet)
                """);

        var seeds = await ParquetSeedReader.ReadAsync([path], limit: 10, CancellationToken.None);

        Assert.Equal([1, 2], seeds.Select(s => s.Line));
        Assert.Equal("Ann has 3 apples and buys 4. How many?", seeds[0].Problem);
        Assert.Equal("She has 3+4=7 apples.\nThe answer is \\boxed{7}.", seeds[0].Solution);
        Assert.Equal(("7", "14400"), (seeds[0].Answer, seeds[1].Answer));
        Assert.Single(await ParquetSeedReader.ReadAsync([path], limit: 1, CancellationToken.None));
    }

    [Fact]
    public async Task a_parquet_without_a_problem_or_question_column_is_refused_with_the_reason()
    {
        var path = Path.Combine(_folder, "other.parquet");
        using (var db = new DuckDb())
            db.Execute($"COPY (SELECT 'x' AS text, '1' AS answer) TO {DuckDb.Literal(path)} (FORMAT parquet)");

        Assert.Contains("neither a 'question' nor a 'problem'", await ParquetSeedReader.ProblemAsync([path], CancellationToken.None));
    }
}
