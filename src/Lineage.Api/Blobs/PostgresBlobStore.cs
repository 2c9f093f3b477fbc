using System.Data;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Lineage.Filters.Clustering.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lineage.Api.Blobs;

/// <summary>
/// Content-addressed blobs in PostgreSQL, so that embed, cluster and filter workers on separate machines share
/// nothing but the database and the broker. A blob is one row of <c>{schema}.lineage_blobs</c> (address, length,
/// chunk count) and its bytes rows of <c>{schema}.lineage_blob_chunks</c> of at most <see cref="ChunkBytes"/> each.
/// Rows of bytea rather than large objects: they live in the schema (a dropped schema takes them along; large
/// objects sit in the database-wide pg_largeobject and need lo_unlink or vacuumlo), are read without holding a
/// transaction open, and a chunk of 1 MiB keeps every value far below bytea's limits while a batch's matrix
/// still arrives in a few round trips.
/// </summary>
public sealed partial class PostgresBlobStore : IBlobStore, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _blobs;
    private readonly string _chunks;

    public PostgresBlobStore(string connectionString, string schema, int chunkBytes = 1 << 20)
    {
        if (!Identifier().IsMatch(schema)) throw new ArgumentException($"'{schema}' is not a plain PostgreSQL schema name", nameof(schema));
        if (chunkBytes is < 1 or > 64 << 20) throw new ArgumentOutOfRangeException(nameof(chunkBytes), chunkBytes, "a chunk holds 1 byte to 64 MiB");
        _source = NpgsqlDataSource.Create(connectionString);
        Schema = schema;
        ChunkBytes = chunkBytes;
        _blobs = $"{schema}.lineage_blobs";
        _chunks = $"{schema}.lineage_blob_chunks";
    }

    public string Schema { get; }

    public int ChunkBytes { get; }

    /// <summary>
    /// Creates the two tables if they are missing. Workers start together: without the advisory lock, concurrent
    /// <c>create table if not exists</c> can still collide on the catalog's unique indexes.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select pg_advisory_xact_lock(hashtext('lineage_blobs:' || @schema));
            create schema if not exists {Schema};
            create table if not exists {_blobs} (
                sha256 text primary key check (sha256 ~ '^[0-9a-f]{"{64}"}$'),
                length bigint not null check (length >= 0),
                chunks integer not null check (chunks >= 0),
                stored_at timestamptz not null default now());
            create table if not exists {_chunks} (
                sha256 text not null references {_blobs} (sha256) on delete cascade,
                chunk integer not null check (chunk >= 0),
                bytes bytea not null,
                primary key (sha256, chunk));
            -- Float matrices do not compress: store the chunks out of line as they are, without trying.
            alter table {_chunks} alter column bytes set storage external;
            """, connection, tx);
        command.Parameters.AddWithValue("schema", Schema);
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public string Put(ReadOnlySpan<byte> bytes)
    {
        var sha256 = BlobAddress.Of(bytes);
        // Most puts of a known blob end here, without sending its bytes again.
        if (Contains(sha256)) return sha256;
        var chunks = (int)((bytes.Length + (long)ChunkBytes - 1) / ChunkBytes);
        using var connection = _source.OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var header = new NpgsqlCommand(
                   $"insert into {_blobs} (sha256, length, chunks) values (@sha256, @length, @chunks) on conflict (sha256) do nothing", connection, tx))
        {
            header.Parameters.AddWithValue("sha256", sha256);
            header.Parameters.AddWithValue("length", (long)bytes.Length);
            header.Parameters.AddWithValue("chunks", chunks);
            // A concurrent writer of the same bytes holds the row until it commits; this insert waits for it and then
            // does nothing. Whoever inserted the header writes the chunks, all in the one transaction.
            if (header.ExecuteNonQuery() == 0) return sha256;
        }
        using var insert = new NpgsqlCommand(
            $"insert into {_chunks} (sha256, chunk, bytes) values (@sha256, @chunk, @bytes) on conflict do nothing", connection, tx);
        insert.Parameters.AddWithValue("sha256", sha256);
        var index = new NpgsqlParameter<int>("chunk", NpgsqlDbType.Integer);
        var payload = new NpgsqlParameter<ReadOnlyMemory<byte>>("bytes", NpgsqlDbType.Bytea);
        insert.Parameters.Add(index);
        insert.Parameters.Add(payload);
        var buffer = new byte[Math.Min(ChunkBytes, bytes.Length)];
        for (var i = 0; i < chunks; i++)
        {
            var part = bytes.Slice(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - i * ChunkBytes));
            part.CopyTo(buffer);
            index.TypedValue = i;
            payload.TypedValue = buffer.AsMemory(0, part.Length);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return sha256;
    }

    public byte[] Get(string sha256) => Read(sha256, verify: true)!;

    public byte[]? ReadUnverified(string sha256) => Read(sha256, verify: false);

    /// <summary>The blob's chunks in order; verified, any gap, overrun or hash mismatch throws, else they are returned as stored.</summary>
    private byte[]? Read(string sha256, bool verify)
    {
        BlobAddress.Checked(sha256);
        using var connection = _source.OpenConnection();
        long length;
        int chunks;
        using (var header = new NpgsqlCommand($"select length, chunks from {_blobs} where sha256 = @sha256", connection))
        {
            header.Parameters.AddWithValue("sha256", sha256);
            using var row = header.ExecuteReader();
            if (!row.Read()) return verify ? throw new BlobNotFoundException(sha256, $"PostgreSQL table {_blobs}") : null;
            (length, chunks) = (row.GetInt64(0), row.GetInt32(1));
        }
        if (length > Array.MaxLength) throw new InvalidDataException($"blob sha256:{sha256} says it holds {length} bytes, more than one array can");
        if (!verify)
        {
            using var all = new NpgsqlCommand($"select bytes from {_chunks} where sha256 = @sha256 order by chunk", connection);
            all.Parameters.AddWithValue("sha256", sha256);
            using var parts = all.ExecuteReader();
            var stored = new MemoryStream();
            while (parts.Read()) stored.Write((byte[])parts[0]);
            return stored.ToArray();
        }
        var bytes = new byte[length];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var (expected, offset) = (0, 0);
        using (var read = new NpgsqlCommand($"select chunk, bytes from {_chunks} where sha256 = @sha256 order by chunk", connection))
        {
            read.Parameters.AddWithValue("sha256", sha256);
            // Row by row: a chunk at a time leaves the driver, straight into the blob's array.
            using var rows = read.ExecuteReader(CommandBehavior.SequentialAccess);
            while (rows.Read())
            {
                var chunk = rows.GetInt32(0);
                if (chunk != expected) throw Corrupt(sha256, $"chunk {expected} of {chunks} is missing (next stored is {chunk})");
                using var stream = rows.GetStream(1);
                var size = stream.Length;
                if (size > length - offset) throw Corrupt(sha256, $"chunk {chunk} runs past the recorded length of {length} bytes");
                stream.ReadExactly(bytes, offset, (int)size);
                hash.AppendData(bytes, offset, (int)size);
                (expected, offset) = (expected + 1, offset + (int)size);
            }
        }
        if (expected != chunks || offset != length)
            throw Corrupt(sha256, $"{expected} chunks of {offset} bytes stored, {chunks} chunks of {length} bytes recorded");
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256) throw Corrupt(sha256, $"its bytes hash to {actual}");
        return bytes;
    }

    public bool Contains(string sha256)
    {
        BlobAddress.Checked(sha256);
        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand($"select exists (select 1 from {_blobs} where sha256 = @sha256)", connection);
        command.Parameters.AddWithValue("sha256", sha256);
        return (bool)command.ExecuteScalar()!;
    }

    public void Dispose() => _source.Dispose();

    private InvalidDataException Corrupt(string sha256, string why) =>
        new($"blob sha256:{sha256} in {_chunks} is corrupt: {why}");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
