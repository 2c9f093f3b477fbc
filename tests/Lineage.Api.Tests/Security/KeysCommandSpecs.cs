using System.Net;
using Lineage.Api.Security.Keys;
using Lineage.Api.Tests.Platform;
using Npgsql;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// <c>lineage keys</c> as a real process on the fixture's store: the key it prints once opens the API with its role,
/// the store holds only its SHA-256, <c>list</c> shows no secret, and after <c>revoke</c> the key is refused.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecuredHostCollection.Name)]
public class KeysCommandSpecs(SecuredHostFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.SeedOnceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_key_made_on_the_command_line_works_with_its_role_until_it_is_revoked()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var created = await CliProcess.RunAsync(f.Options, "keys", "create", name, "--role", "reader");
        Assert.True(created.ExitCode == 0, created.Error);
        // Marten may print its own notices; the key is the line of its own.
        var key = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal));
        Assert.Matches("^lk_[0-9a-f]{16}_[0-9a-f]{64}$", key);

        using var reader = f.ClientWith(key);
        using (var read = await reader.GetAsync($"/runs/{f.RunId}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using (var write = await reader.PostAsync("/runs", JsonBody.Empty())) Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);

        // Stored: the SHA-256 of the printed key (computed here independently), never the key or its secret.
        var stored = (await f.Service<ApiKeyStore>().ListAsync(CancellationToken.None)).Single(k => k.Name == name);
        Assert.Equal(key[3..19], stored.KeyId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))),
            await StoredHashAsync(name));
        Assert.Equal(0, await RowsContainingAsync(key[^64..]));

        var listed = await CliProcess.RunAsync(f.Options, "keys", "list");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(listed.Output.Split('\n'), l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains("reader") && !l.Contains("REVOKED"));
        Assert.DoesNotContain(key[^64..], listed.Output);

        var revoked = await CliProcess.RunAsync(f.Options, "keys", "revoke", name);
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        using (var after = await reader.GetAsync($"/runs/{f.RunId}")) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, (await CliProcess.RunAsync(f.Options, "keys", "create", name, "--role", "admin")).ExitCode);
    }

    private async Task<string> StoredHashAsync(string name)
    {
        await using var session = f.Store.QuerySession();
        return (await session.LoadAsync<ApiKey>(ApiKeyStreams.Of(name)))!.KeySha256;
    }

    private async Task<long> RowsContainingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        long total = 0;
        foreach (var table in new[] { "mt_events", "mt_doc_apikey" })
        {
            await using var probe = new NpgsqlCommand($"select count(*) from {f.Options.Schema}.{table} t where strpos(t::text, @text) > 0", connection);
            probe.Parameters.AddWithValue("text", text);
            total += (long)(await probe.ExecuteScalarAsync())!;
        }
        return total;
    }
}
