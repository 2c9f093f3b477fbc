namespace Lineage.Api.Explorer;

/// <summary>
/// What the demo prints last: the one command that serves the Explorer on the same store (the demo's own settings
/// repeated, so a demo run on another schema is served from it) and the address of the version's page.
/// </summary>
public static class ExplorerServeHint
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static IReadOnlyList<string> Lines(string versionId, IEnumerable<string> hostSettings)
    {
        var settings = hostSettings.Where(a => a.StartsWith("--Lineage:", StringComparison.Ordinal)).Select(Quote).ToList();
        var command = string.Join(' ', ["dotnet run --project src/Lineage.Api -c Release --", "--urls", DefaultUrl, .. settings]);
        return
        [
            "explore it in a browser:",
            $"  {command}",
            $"  then open {DefaultUrl}{ExplorerSetup.Prefix}/versions/{versionId}",
            $"  and sign in with a reader key: {string.Join(' ', ["dotnet run --project src/Lineage.Api -c Release -- keys create explorer --role reader", .. settings])}",
        ];
    }

    private static string Quote(string arg) =>
        arg.All(c => char.IsLetterOrDigit(c) || "-_:=./,@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
