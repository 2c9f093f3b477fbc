using Microsoft.Extensions.Options;

namespace Lineage.Api.Teachers;

/// <summary>Loads the configured teacher model on first use, once; null when no folder is configured.</summary>
public sealed class LocalTeacherProvider(IOptions<TeacherHostOptions> options) : IDisposable
{
    private readonly Lazy<LocalTeacherModel?> _model = new(() =>
        options.Value.ModelFolder is { Length: > 0 } folder
            ? new LocalTeacherModel(folder, options.Value.ModelId, options.Value.Device)
            : null);

    public LocalTeacherModel? Model => _model.Value;

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value?.Dispose();
    }
}
