using static TorchSharp.torch;

namespace Lineage.Proxy.Models;

/// <summary>Where parameters live and who records activations; shared by every layer of one model.</summary>
public sealed record ModelOptions(Device Device, ScalarType DType, ActivationRecorder Recorder);
