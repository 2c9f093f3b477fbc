using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>
/// Rotary position embedding, computed the way transformers does (float32 inverse
/// frequencies, cos/sin of position × frequency, "rotate half" pairing of the two
/// halves of each head), so logits match the reference to float32 rounding.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>The inverse frequencies for one head, float32, shape [headDim / 2].</summary>
    public static Tensor InverseFrequencies(RopeSettings rope, int headDim, Device device)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headDim, 2, ScalarType.Int64, device).to_type(ScalarType.Float32) / headDim;
        var invFreq = 1.0 / pow(tensor(rope.Theta, ScalarType.Float32, device), exponents);
        if (rope.Type == "llama3") invFreq = Llama3Scaling(invFreq, rope);
        // Linear scaling divides positions by the factor; dividing the frequencies is the same product.
        if (rope.Type == "linear") invFreq = invFreq / rope.Factor;
        return invFreq.MoveToOuterDisposeScope();
    }

    // Llama 3.1's frequency-dependent scaling: long wavelengths are stretched by `factor`,
    // short ones kept, and the band in between interpolated smoothly.
    private static Tensor Llama3Scaling(Tensor invFreq, RopeSettings rope)
    {
        double oldContext = rope.OriginalMaxPositionEmbeddings;
        double lowFreqWavelen = oldContext / rope.LowFreqFactor;
        double highFreqWavelen = oldContext / rope.HighFreqFactor;
        var wavelen = 2 * Math.PI / invFreq;
        var scaled = where(wavelen > lowFreqWavelen, invFreq / rope.Factor, invFreq);
        var smooth = (oldContext / wavelen - rope.LowFreqFactor) / (rope.HighFreqFactor - rope.LowFreqFactor);
        var smoothed = (1 - smooth) * scaled / rope.Factor + smooth * scaled;
        var medium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        return where(medium, smoothed, scaled);
    }

    /// <summary>cos and sin for positions [B, T] (int64), each [B, T, headDim] in <paramref name="dtype"/>.</summary>
    public static (Tensor Cos, Tensor Sin) CosSin(Tensor invFreq, Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var freqs = positions.to_type(ScalarType.Float32).unsqueeze(-1) * invFreq;   // [B, T, D/2]
        var emb = cat([freqs, freqs], -1);
        return (emb.cos().to_type(dtype).MoveToOuterDisposeScope(), emb.sin().to_type(dtype).MoveToOuterDisposeScope());
    }

    /// <summary>Applies the rotation to x [B, heads, T, D] with cos/sin [B, T, D].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([-x2, x1], -1);
        var c = cos.unsqueeze(1);
        var s = sin.unsqueeze(1);
        return (x * c + rotated * s).MoveToOuterDisposeScope();
    }
}
