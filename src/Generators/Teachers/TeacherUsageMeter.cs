namespace Lineage.Generators.Teachers;

public sealed record TeacherUsageTotals(long Calls, long FailedCalls, long Attempts, long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>Running totals over every call a teacher made; safe to share between threads.</summary>
public sealed class TeacherUsageMeter
{
    private long _calls, _failed, _attempts, _prompt, _completion;

    public void Record(TeacherResponse response)
    {
        Interlocked.Increment(ref _calls);
        if (!response.Succeeded) Interlocked.Increment(ref _failed);
        Interlocked.Add(ref _attempts, response.Attempts);
        if (response.Usage is { } usage)
        {
            Interlocked.Add(ref _prompt, usage.PromptTokens);
            Interlocked.Add(ref _completion, usage.CompletionTokens);
        }
    }

    public TeacherUsageTotals Snapshot() => new(
        Interlocked.Read(ref _calls), Interlocked.Read(ref _failed), Interlocked.Read(ref _attempts),
        Interlocked.Read(ref _prompt), Interlocked.Read(ref _completion));
}
