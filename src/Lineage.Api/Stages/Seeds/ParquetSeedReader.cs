using Lineage.Api.Exports;
using Parquet;
using Parquet.Schema;

namespace Lineage.Api.Stages.Seeds;

/// <summary>
/// Reads seed problems from Parquet: one <c>.parquet</c> file, or a Hugging Face dataset folder's
/// <c>data/*.parquet</c> in name order. Two shapes are understood: GSM8K's <c>question</c>/<c>answer</c> (the answer a
/// worked solution ending in <c>#### value</c>, converted as <see cref="Gsm8kSeedReader"/> does), and
/// <c>problem</c>/<c>answer</c> with a <c>solution</c> column (Lineage's own export) or, without one, a GSM8K-style answer.
/// <see cref="SeedRecord.Line"/> is the 1-based row number across the files, so seed ids stay unique.
/// </summary>
public static class ParquetSeedReader
{
    public static async Task<IReadOnlyList<SeedRecord>> ReadAsync(IReadOnlyList<string> files, int limit, CancellationToken ct)
    {
        var seeds = new List<SeedRecord>();
        var line = 0;
        foreach (var path in files)
        {
            await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: ct);
            var columns = Columns.Of(reader.Schema, path);
            for (var g = 0; g < reader.RowGroupCount && seeds.Count < limit; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var problems = await ReadStringsAsync(group, columns.Problem, ct);
                var answers = await ReadStringsAsync(group, columns.Answer, ct);
                var solutions = columns.Solution is { } s ? await ReadStringsAsync(group, s, ct) : null;
                for (var i = 0; i < problems.Length && seeds.Count < limit; i++)
                {
                    line++;
                    var where = $"{path} row {line}";
                    var problem = problems[i] ?? throw new InvalidDataException($"{where}: {columns.Problem.Name} is null");
                    var answer = answers[i] ?? throw new InvalidDataException($"{where}: answer is null");
                    seeds.Add(solutions is null
                        ? Gsm8kSeedReader.FromGsm8k(line, problem, answer, where)
                        : new SeedRecord(line, problem, solutions[i] ?? throw new InvalidDataException($"{where}: solution is null"), answer));
                }
            }
        }
        return seeds;
    }

    private static async Task<string?[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field, CancellationToken ct)
    {
        var values = new string?[group.RowCount];
        await group.ReadAsync(field, values, cancellationToken: ct);
        return values;
    }

    /// <summary>The columns a file's schema offers for the seed fields, or why it offers none.</summary>
    public sealed record Columns(DataField Problem, DataField Answer, DataField? Solution)
    {
        public static Columns Of(ParquetSchema schema, string path)
        {
            DataField? Find(string name) => schema.Fields.OfType<DataField>()
                .FirstOrDefault(f => f.Name == name && IsText(f) && f.MaxRepetitionLevel == 0);
            var answer = Find("answer") ?? throw new InvalidDataException($"{path} has no string column 'answer'");
            if (Find("question") is { } question) return new Columns(question, answer, null);
            if (Find("problem") is { } problem) return new Columns(problem, answer, Find("solution"));
            throw new InvalidDataException($"{path} has neither a 'question' nor a 'problem' string column");
        }
    }

    /// <summary>A UTF-8 string column: read back as <c>ReadOnlyMemory&lt;char&gt;</c> (whoever wrote it), declared as <c>string</c>.</summary>
    private static bool IsText(DataField f) => f.ClrType == typeof(ReadOnlyMemory<char>) || f.ClrType == typeof(string);

    /// <summary>Why the Parquet files cannot seed a pool, or null when every file has the columns.</summary>
    public static async Task<string?> ProblemAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        foreach (var path in files)
        {
            try
            {
                Columns.Of(await ParquetReader.ReadSchemaAsync(path), path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ParquetException)
            {
                return e.Message;
            }
        }
        return null;
    }

    /// <summary>The Parquet files a seed path names: itself, or a dataset folder's data files.</summary>
    public static IReadOnlyList<string> FilesOf(string path) => Directory.Exists(path) ? HfDatasetFolder.DataFiles(path) : [path];

    public static bool Accepts(string path) =>
        Directory.Exists(path) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
}
