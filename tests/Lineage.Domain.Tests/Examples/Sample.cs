using System.Security.Cryptography;
using System.Text;
using Lineage.Domain.Examples;

namespace Lineage.Domain.Tests.Examples;

/// <summary>Events of one example, and the content hash computed here rather than with the domain's own code.</summary>
public static class Sample
{
    public const string Run = "run-00000000000a";

    public static ExampleGenerated Generated(string id, string problem = "What is 2 + 2?", string solution = "2 + 2 = 4, so \\boxed{4}", string? expected = "4") =>
        new(Run, id, Round: 1, Batch: 3, Index: 7, "procedural", "procedural-math/v1:add", null, "tmpl-sha",
            ["seed-1"], new SamplingParameters(0.7, 0.95, 512, 99), problem, solution, expected, problem + "\n\n" + solution,
            new Dictionary<string, string> { ["family"] = "arithmetic" });

    public static ExampleVerified Verified(string id, string answer = "4") =>
        new(Run, id, "expected-answer", answer, "4", [new AnswerVotes(answer, 1)]);

    public static ExampleRejected Rejected(string id) =>
        new(Run, id, "expected-answer", "boxed answer 5 differs from the expected 4", "5", "4", [new AnswerVotes("5", 1)]);

    /// <summary>SHA-256 of the canonical JSON of {id, problem, solution, answer}, written out by hand.</summary>
    public static string ContentSha256(string id, string problem, string solution, string? answer)
    {
        var json = $"{{\"id\":{Str(id)},\"problem\":{Str(problem)},\"solution\":{Str(solution)},\"answer\":{(answer is null ? "null" : Str(answer))}}}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static string Str(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
