using Lineage.Api.Security.Access;
using Lineage.Api.Security.Keys;
using Lineage.Explorer.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Explorer.Tests.Access;

/// <summary>The Explorer on the host's own authentication, with a reader key issued through the key store.</summary>
public sealed class ExplorerAuthFixture() : ExplorerFixture("explorer_auth")
{
    private string? _readerKey;

    /// <summary>A key with the reader role only, issued once per fixture.</summary>
    public async Task<string> ReaderKeyAsync()
    {
        if (_readerKey is not null) return _readerKey;
        var issued = await App.Services.GetRequiredService<ApiKeyStore>().IssueAsync("explorer-reader", LineageRole.Reader, CancellationToken.None)
            ?? throw new InvalidOperationException("the reader key already exists");
        return _readerKey = issued.Key;
    }
}
