using Marten.Events.Aggregation;

namespace Lineage.Domain.Versions;

/// <summary>The read model of a sealed version (one per version stream).</summary>
public sealed class DatasetVersion
{
    public string Id { get; set; } = "";
    public VersionSealed Sealed { get; set; } = null!;
}

public sealed class DatasetVersionProjection : SingleStreamProjection<DatasetVersion, string>
{
    public static DatasetVersion Create(VersionSealed e) => new() { Id = e.VersionId, Sealed = e };
}
