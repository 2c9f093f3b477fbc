using Lineage.Api.Options;
using Lineage.Filters.Clustering.Storage;

namespace Lineage.Api.Blobs;

/// <summary>Registers the one <see cref="IBlobStore"/> that <see cref="BlobOptions.Store"/> names.</summary>
public static class BlobServices
{
    public static IServiceCollection AddBlobStore(this IServiceCollection services, LineageOptions options)
    {
        switch (StoreOf(options))
        {
            case BlobOptions.Files:
                services.AddSingleton<IBlobStore>(new BlobStore(options.DataDirectory));
                break;
            case BlobOptions.Postgres:
                services.AddSingleton(_ => new PostgresBlobStore(options.Postgres, options.Schema, options.Blobs.ChunkBytes));
                services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<PostgresBlobStore>());
                // After Marten's schema (registered earlier) and before the bus starts consuming (registered later).
                services.AddHostedService<PostgresBlobSchema>();
                break;
        }
        return services;
    }

    /// <summary>The configured store's name, or a start-up error naming the setting and the stores there are.</summary>
    public static string StoreOf(LineageOptions options)
    {
        var store = (options.Blobs.Store ?? "").Trim().ToLowerInvariant();
        if (!BlobOptions.Stores.Contains(store))
            throw new ArgumentException($"Lineage:Blobs:Store is '{options.Blobs.Store}'; known stores: {string.Join(", ", BlobOptions.Stores)}");
        if (store == BlobOptions.Postgres && options.Blobs.ChunkBytes is < 1 or > 64 << 20)
            throw new ArgumentException($"Lineage:Blobs:ChunkBytes is {options.Blobs.ChunkBytes}; it must be 1 to {64 << 20} bytes");
        return store;
    }
}

/// <summary>Creates the PostgreSQL store's tables when the host starts.</summary>
public sealed class PostgresBlobSchema(PostgresBlobStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
