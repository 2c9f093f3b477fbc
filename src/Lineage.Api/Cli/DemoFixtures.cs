namespace Lineage.Api.Cli;

/// <summary>
/// The GSM8K files the demo seeds its pool with and decontaminates against: <c>shared/fixtures/gsm8k</c>
/// beside the repository (or inside it, where a checkout carries <c>shared/</c>), found by walking up from the
/// current directory and from the binary's folder, or under <c>$LINEAGE_SHARED</c> when that is set. Absent files mean a demo without seeds or decontamination.
/// </summary>
public sealed record DemoFixtures(string? Train, string? Test)
{
    public static DemoFixtures Find() => new(Locate("train.jsonl"), Locate("test.jsonl"));

    private static string? Locate(string file)
    {
        if (Environment.GetEnvironmentVariable("LINEAGE_SHARED") is { Length: > 0 } shared
            && Path.Combine(shared, "fixtures", "gsm8k", file) is var named && File.Exists(named))
            return Path.GetFullPath(named);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "gsm8k", file);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
