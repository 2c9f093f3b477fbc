namespace Lineage.Api.Cli;

/// <summary>
/// The GSM8K files the demo seeds its pool with and decontaminates against: the repository's own
/// <c>fixtures/gsm8k</c> (MIT, see its README), found by walking up from the current directory and from the
/// binary's folder. Absent files (a binary copied away from its repository) mean a demo without seeds or decontamination.
/// </summary>
public sealed record DemoFixtures(string? Train, string? Test)
{
    public static DemoFixtures Find() => new(Locate("train.jsonl"), Locate("test.jsonl"));

    private static string? Locate(string file)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures", "gsm8k", file);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
