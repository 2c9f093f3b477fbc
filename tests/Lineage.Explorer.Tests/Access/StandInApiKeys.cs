using Lineage.Api.Security.Access;
using Lineage.Api.Security.Keys;
using Lineage.Explorer.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Explorer.Tests.Access;

/// <summary>The Explorer on the host's own authentication, with a reader key issued through the key store.</summary>
public sealed class ExplorerAuthFixture() : ExplorerFixture("explorer_auth")
{
    /// <summary>
    /// A new key with the reader role only. Issued at each call: keys are documents, and a test that resets the
    /// store (the fixture's <c>ResetAsync</c>) deletes the ones issued before it.
    /// </summary>
    public async Task<string> ReaderKeyAsync()
    {
        var issued = await App.Services.GetRequiredService<ApiKeyStore>().IssueAsync("explorer-reader-" + Guid.NewGuid().ToString("N")[..8], LineageRole.Reader, CancellationToken.None)
            ?? throw new InvalidOperationException("the reader key already exists");
        return issued.Key;
    }
}
