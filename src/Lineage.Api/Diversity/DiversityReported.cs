using Lineage.Api.EventStore;
using Hangfire;
using Lineage.Api.Schedules;
using Lineage.Api.Stages;
using Lineage.Api.Validation;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Pools;
using Lineage.Domain.Runs;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Diversity;

/// <summary>A version's diversity report, recorded by the recurring report job (stream <see cref="PoolStreams.Report"/>).</summary>
public sealed record DiversityReported(string Pipeline, string VersionId, string Trigger, DiversityReport Report);

/// <summary>The pool events' names in the log, mapped explicitly so the history query can filter on them.</summary>
public static class PoolEventNames
{
    public const string MemberAssigned = "pool_member_assigned";
    public const string Reclustered = "pool_reclustered";
    public const string DiversityReported = "diversity_reported";
}
