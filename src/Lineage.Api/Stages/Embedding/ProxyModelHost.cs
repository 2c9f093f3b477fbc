namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// The one proxy model of this worker process. Loading (and, for the default proxy, training) happens on
/// first use and again only when a run asks for another model, which replaces the loaded one: a proxy can
/// take gigabytes of device memory, so two are never held. A model's forward and backward passes share
/// module state (the activation recorder), so every use holds the gate.
/// </summary>
public sealed class ProxyModelHost(ComputeDevice compute, DefaultProxyStore defaults, ILogger<ProxyModelHost> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LoadedProxy? _loaded;

    public Task<T> UseAsync<T>(ProxySource source, Func<LoadedProxy, T> work, CancellationToken ct) =>
        UseAsync(source, TorchSharp.torch.ScalarType.Float32, work, ct);

    public async Task<T> UseAsync<T>(ProxySource source, TorchSharp.torch.ScalarType dtype, Func<LoadedProxy, T> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var folder = source.Folder
                ?? defaults.EnsureTrained(source.Recipe ?? throw new ArgumentException("a proxy source needs a folder or a recipe", nameof(source)), ct);
            if (_loaded?.Key != LoadedProxy.KeyOf(folder, dtype))
            {
                _loaded?.Dispose();
                _loaded = null;
                _loaded = LoadedProxy.Load(folder, source.ModelId, compute.Device, dtype);
                logger.LogInformation("proxy {ModelId} loaded on {Device} (weights {Sha}, tokenizer {Tokenizer})",
                    _loaded.ModelId, compute.Device, _loaded.WeightsSha256[..12], _loaded.Tokenizer.Id);
            }
            return work(_loaded);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _loaded?.Dispose();
        _gate.Dispose();
    }
}
