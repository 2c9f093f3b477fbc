using Lineage.Proxy.Safetensors;
using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

public sealed partial class CausalLM
{
    /// <summary>
    /// Loads a Hugging Face folder: config.json plus model.safetensors or a sharded
    /// model.safetensors.index.json. Every parameter must be present with the shape the
    /// config implies; tensors the model does not have are refused, because they mean the
    /// config and the weights disagree. Stored dtypes are converted to <paramref name="dtype"/>.
    /// </summary>
    public static CausalLM Load(string folder, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = CausalLMConfig.Load(folder);
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var model = new CausalLM(config, device, dtype);
        bool loaded = false;
        try
        {
            model.LoadFrom(checkpoint);
            loaded = true;
            return model;
        }
        finally
        {
            if (!loaded) model.Dispose();
        }
    }

    /// <summary>Copies every parameter from <paramref name="checkpoint"/>, checking names and shapes.</summary>
    public void LoadFrom(SafetensorsCheckpoint checkpoint)
    {
        var parameters = NamedParameters();
        var expected = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in checkpoint.Names)
        {
            if (expected.Contains(name) || IsIgnorable(name)) continue;
            throw new InvalidDataException(
                $"{checkpoint.FileOf(name)}: tensor '{name}' is not a parameter of a {Config.Family} model with this config.json");
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            if (!checkpoint.Contains(name))
            {
                throw new InvalidDataException($"{checkpoint.Folder}: tensor '{name}' is missing from the checkpoint");
            }
            var info = checkpoint.Info(name);
            if (!info.Shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException(
                    $"{checkpoint.FileOf(name)}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}] " +
                    $"but config.json implies [{string.Join(", ", parameter.shape)}]");
            }
            if (info.ScalarType is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16 or ScalarType.Float64))
            {
                throw new InvalidDataException($"{checkpoint.FileOf(name)}: tensor '{name}' is {info.Dtype}, not a floating-point dtype");
            }
            parameter.copy_(checkpoint.ReadTensor(name, Device, DType));
        }
    }

    // Older checkpoints store the rotary tables, and some tied checkpoints still carry
    // lm_head.weight (a copy of the embeddings); neither is a parameter here.
    private bool IsIgnorable(string name) =>
        name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal)
        || (Config.TieWordEmbeddings && name == "lm_head.weight");
}
