using Lineage.Api.Options;
using Lineage.Api.Hosting;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Safetensors;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Trained default proxies under <c>{DataDirectory}/proxy/{recipe hash}</c>. Training writes to a temporary
/// folder that is renamed into place, so a reader never sees half a model and two workers training the same
/// recipe at once both end up using one folder.
/// </summary>
public sealed class DefaultProxyStore(LineageOptions options, ComputeDevice compute, ILogger<DefaultProxyStore> logger)
{
    public string Root { get; } = Path.GetFullPath(Path.Combine(options.DataDirectory, "proxy"));

    public string FolderOf(DefaultProxyRecipe recipe) => Path.Combine(Root, recipe.Hash);

    /// <summary>The recipe's folder, trained first if this data directory does not have it yet.</summary>
    public string EnsureTrained(DefaultProxyRecipe recipe, CancellationToken ct)
    {
        var folder = FolderOf(recipe);
        if (File.Exists(Path.Combine(folder, SafetensorsCheckpoint.SingleFileName))) return folder;

        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".training-{recipe.Hash[..12]}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        logger.LogInformation("training the default proxy {ModelId} on {Texts} texts, {Steps} steps", recipe.ModelId, recipe.Texts.Count, recipe.Steps);
        // One thread: the weights (and so their hash and every embedding) must not depend on the worker's cores.
        var result = compute.SingleThreaded(() => DefaultProxy.Train(recipe.Texts, recipe.Seed, recipe.Steps, temp, cancellationToken: ct));
        logger.LogInformation("default proxy trained: loss {First:F2} -> {Final:F2}, weights {Sha}", result.FirstLoss, result.FinalLoss, result.WeightsSha256);
        try
        {
            Directory.Move(temp, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another worker finished the same recipe first; its folder is the one everyone uses.
            Directory.Delete(temp, recursive: true);
        }
        return folder;
    }
}
