using System.Security.Cryptography;
using Lineage.Api.Blobs;
using Lineage.Api.Options;
using Lineage.Filters.Clustering.Storage;
using Npgsql;

namespace Lineage.Api.Tests.Blobs;

/// <summary>
/// The PostgreSQL blob store against the local PostgreSQL, in a schema of its own that is dropped afterwards. Hashes
/// are checked against System.Security.Cryptography and against PostgreSQL's own sha256() over the stored chunks.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresBlobStoreSpecs : IAsyncLifetime
{
    private const int Chunk = 1 << 20;
    private static readonly string Connection = new LineageOptions().Postgres;
    private readonly string _schema = "blobs_" + Guid.NewGuid().ToString("N")[..12];
    private PostgresBlobStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new PostgresBlobStore(Connection, _schema);
        await _store.EnsureSchemaAsync();
        // Twice: the start-up of a second worker finds the tables there.
        await _store.EnsureSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await ExecuteAsync($"drop schema if exists {_schema} cascade");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(5 * Chunk + 12_345)]
    public async Task returns_the_bytes_it_was_given_under_their_sha256_in_chunks_of_a_mebibyte(int size)
    {
        var bytes = Random(size, seed: size);
        var address = _store.Put(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), address);
        Assert.True(_store.Contains(address));
        Assert.Equal(bytes, _store.Get(address));
        // What the table holds, read by SQL of the test's own: ⌈size / 1 MiB⌉ chunks whose concatenation PostgreSQL
        // itself hashes to the address.
        Assert.Equal((size + Chunk - 1) / Chunk, await ScalarAsync<long>($"select count(*) from {_schema}.lineage_blob_chunks where sha256 = '{address}'"));
        Assert.Equal(size, await ScalarAsync<long>($"select length from {_schema}.lineage_blobs where sha256 = '{address}'"));
        var stored = await ScalarAsync<string>(
            $"select encode(sha256(coalesce(string_agg(bytes, ''::bytea order by chunk), ''::bytea)), 'hex') from {_schema}.lineage_blob_chunks where sha256 = '{address}'");
        Assert.Equal(address, stored);
        Assert.True(await ScalarAsync<long>($"select coalesce(max(length(bytes)), 0)::bigint from {_schema}.lineage_blob_chunks") <= Chunk);
    }

    [Fact]
    public async Task stores_the_same_bytes_once_however_many_writers_put_them_at_once()
    {
        var bytes = Random(3 * Chunk + 7, seed: 3);
        using var start = new Barrier(8);
        var addresses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return _store.Put(bytes);
        })));

        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.All(addresses, a => Assert.Equal(expected, a));
        Assert.Equal(1, await ScalarAsync<long>($"select count(*) from {_schema}.lineage_blobs"));
        Assert.Equal(4, await ScalarAsync<long>($"select count(*) from {_schema}.lineage_blob_chunks"));
        Assert.Equal(bytes, _store.Get(expected));
        // And again, afterwards: a no-op.
        Assert.Equal(expected, _store.Put(bytes));
        Assert.Equal(4, await ScalarAsync<long>($"select count(*) from {_schema}.lineage_blob_chunks"));
    }

    [Fact]
    public async Task refuses_a_blob_whose_stored_bytes_were_changed_or_lost()
    {
        var tampered = _store.Put(Random(2 * Chunk + 100, seed: 11));
        await ExecuteAsync($"update {_schema}.lineage_blob_chunks set bytes = set_byte(bytes, 17, (get_byte(bytes, 17) + 1) % 256) where sha256 = '{tampered}' and chunk = 1");
        var changed = Assert.Throws<InvalidDataException>(() => _store.Get(tampered));
        Assert.Contains(tampered, changed.Message);
        Assert.Contains("hash to", changed.Message);
        // An audit reads what is there now: the original bytes with exactly byte 17 of chunk 1 moved by one.
        var expected = Random(2 * Chunk + 100, seed: 11);
        expected[Chunk + 17] = (byte)((expected[Chunk + 17] + 1) % 256);
        Assert.Equal(expected, _store.ReadUnverified(tampered));

        var cut = _store.Put(Random(2 * Chunk + 100, seed: 12));
        await ExecuteAsync($"delete from {_schema}.lineage_blob_chunks where sha256 = '{cut}' and chunk = 1");
        Assert.Contains("chunk 1 of 3 is missing", Assert.Throws<InvalidDataException>(() => _store.Get(cut)).Message);

        var shortened = _store.Put(Random(Chunk + 100, seed: 13));
        await ExecuteAsync($"update {_schema}.lineage_blob_chunks set bytes = substring(bytes from 1 for 50) where sha256 = '{shortened}' and chunk = 1");
        Assert.Contains("recorded", Assert.Throws<InvalidDataException>(() => _store.Get(shortened)).Message);
    }

    [Fact]
    public void says_which_blob_is_missing_and_refuses_addresses_that_are_not_hashes()
    {
        var absent = new string('a', 64);
        var missing = Assert.Throws<BlobNotFoundException>(() => _store.Get(absent));
        Assert.Equal(absent, missing.Sha256);
        Assert.False(_store.Contains(absent));
        Assert.Null(_store.ReadUnverified(absent));
        Assert.Throws<ArgumentException>(() => _store.Get("'; drop table x; --"));
        Assert.Throws<ArgumentException>(() => _store.Contains(new string('A', 64)));
    }

    [Fact]
    public void reads_the_blobs_a_store_of_another_chunk_size_wrote()
    {
        using var small = new PostgresBlobStore(Connection, _schema, chunkBytes: 1000);
        var bytes = Random(12_345, seed: 5);
        var address = small.Put(bytes);
        Assert.Equal(bytes, _store.Get(address));
    }

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
