using DuckDB.NET.Data;

namespace Lineage.Api.Tests.Exports;

/// <summary>An in-memory DuckDB: the independent reader the exports are checked with (the field reads Parquet with it).</summary>
public sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDb() => _connection.Open();

    /// <summary>A SQL string literal (paths go into read_parquet/read_json_auto as literals).</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public T Scalar<T>(string sql) => (T)Convert.ChangeType(Rows(sql).Single()[0]!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Column names and DuckDB types of a relation, in order, as <c>DESCRIBE</c> reports them.</summary>
    public List<(string Name, string Type)> Describe(string relation) =>
        Rows($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {relation})")
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
