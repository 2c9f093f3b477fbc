using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>
/// Keys and values of the positions already processed, one preallocated buffer per layer
/// ([batch, kvHeads, capacity, headDim]), so each generation step appends in place instead
/// of re-running the prefix. <see cref="Length"/> advances once per forward pass, after the
/// last layer has appended. Dispose it when generation ends: the buffers are native memory.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private readonly int _capacity;

    public KvCache(int layers, int capacity)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
        _capacity = capacity;
    }

    /// <summary>Positions already stored (the same for every layer between forward passes).</summary>
    public int Length { get; private set; }

    public int Capacity => _capacity;

    /// <summary>Stores this step's k, v [B, kvHeads, T, D] and returns all keys and values so far.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        int steps = (int)k.shape[2];
        if (Length + steps > _capacity)
        {
            throw new InvalidOperationException($"KV cache holds {_capacity} positions; {Length + steps} requested");
        }
        if (_keys[layer] is null)
        {
            long[] shape = [k.shape[0], k.shape[1], _capacity, k.shape[3]];
            _keys[layer] = zeros(shape, k.dtype, k.device).DetachFromDisposeScope();
            _values[layer] = zeros(shape, v.dtype, v.device).DetachFromDisposeScope();
        }
        using (no_grad())
        {
            _keys[layer]!.narrow(2, Length, steps).copy_(k);
            _values[layer]!.narrow(2, Length, steps).copy_(v);
        }
        return (_keys[layer]!.narrow(2, 0, Length + steps), _values[layer]!.narrow(2, 0, Length + steps));
    }

    internal void Advance(int steps) => Length += steps;

    public void Dispose()
    {
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
        Array.Clear(_keys);
        Array.Clear(_values);
    }
}
