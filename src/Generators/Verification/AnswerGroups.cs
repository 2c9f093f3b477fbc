using Lineage.Generators.Verification.Grading;

namespace Lineage.Generators.Verification;

/// <summary>One group of equivalent answers: its representative (the normalised first), its size, its first sample.</summary>
public sealed record AnswerGroup(string Answer, int Count, int First);

/// <summary>
/// Sampled answers grouped by equivalence, the way <see cref="MajorityVote"/> groups them: each answer joins the first
/// group whose first answer it matches (<see cref="MathGrader"/>, either way round), groups in order of first
/// appearance; a missing answer (null, blank, nothing extractable) belongs to no group.
/// </summary>
public sealed record AnswerGroups(IReadOnlyList<AnswerGroup> Groups, IReadOnlyList<int> GroupOf)
{
    public int Missing => GroupOf.Count(g => g < 0);

    public static AnswerGroups Of(IReadOnlyList<string?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var firsts = new List<ExtractedAnswer>();
        var groups = new List<AnswerGroup>();
        var groupOf = new int[answers.Count];
        for (var i = 0; i < answers.Count; i++)
        {
            groupOf[i] = -1;
            if (MathGrader.Extract(answers[i], AnswerRole.Reference) is not { } answer) continue;
            var at = firsts.FindIndex(f => MathGrader.Matches(f, answer) || MathGrader.Matches(answer, f));
            if (at < 0)
            {
                firsts.Add(answer);
                groups.Add(new AnswerGroup(AnswerNormalizer.Normalize(answers[i]), 0, i));
                at = groups.Count - 1;
            }
            groups[at] = groups[at] with { Count = groups[at].Count + 1 };
            groupOf[i] = at;
        }
        return new AnswerGroups(groups, groupOf);
    }
}
