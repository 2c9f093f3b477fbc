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

    /// <summary>A fork's version reads as any other; its <see cref="VersionSealed.ParentVersionId"/> names the forked one.</summary>
    public static DatasetVersion Create(Forks.ForkSealed e) => new() { Id = e.Sealed.VersionId, Sealed = e.Sealed };
}
