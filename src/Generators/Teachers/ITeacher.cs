namespace Lineage.Generators.Teachers;

/// <summary>
/// A model that completes chat prompts. Implementations never throw for a bad
/// call (HTTP error, time-out, malformed body): they return a failed
/// <see cref="TeacherResponse"/> with the reason, so one bad call is recorded
/// rather than killing a stage. Only the caller's cancellation throws.
/// </summary>
public interface ITeacher
{
    Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken);
}
