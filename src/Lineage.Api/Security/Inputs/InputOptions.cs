namespace Lineage.Api.Security.Inputs;

/// <summary>Where a pipeline may read files from, bound from <c>Lineage:Inputs</c>.</summary>
public sealed class InputOptions
{
    public const string Section = "Lineage:Inputs";

    /// <summary>
    /// Folders that seed files, benchmark files and proxy model folders must lie under (after every symlink is
    /// resolved). Empty: the data directory and the <c>fixtures/</c> folders beside the repository or the binary.
    /// </summary>
    public string[] Roots { get; set; } = [];

    /// <summary>The largest input file a pipeline may name (bytes); what the definition hashes is bounded by it.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>How many input files are hashed at once across all requests.</summary>
    public int HashConcurrency { get; set; } = 2;
}
