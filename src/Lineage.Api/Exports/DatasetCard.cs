using System.Globalization;
using System.Text;
using System.Text.Json;
using Lineage.Api.Diversity;
using Lineage.Domain.Hashing;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Api.Exports;

/// <summary>
/// The <c>README.md</c> of a Hugging Face dataset folder. Its YAML front matter follows the Hub's dataset card
/// metadata (<c>configs</c> with <c>data_files</c> per split, <c>dataset_info.features</c> with a <c>dtype</c> or
/// <c>sequence</c> per column, <c>splits</c> with <c>num_examples</c>), so <c>datasets</c> and the Hub viewer read the
/// shards with the declared types; the text says how the version was made.
/// </summary>
public static class DatasetCard
{
    public const string Split = "train";
    public const string DataFilesGlob = "data/train-*";

    private static readonly JsonSerializerOptions Indented = new(CanonicalJson.Options) { WriteIndented = true };

    public static string Render(VersionSealed version, RunStarted run, IReadOnlyList<RoundDiversity> rounds, VersionTally tally)
    {
        var card = new StringBuilder();
        card.Append(FrontMatter(version));
        card.Append($"# {version.VersionId}\n\n");
        card.Append($"A synthetic reasoning dataset made by Lineage (Prismatic Synthesis): pipeline `{version.Pipeline}`, ")
            .Append($"run `{version.RunId}` (seed {run.Seed}), sealed {version.SealedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC. ")
            .Append($"{version.ExampleCount} examples kept of {version.Generated} generated.\n\n");
        card.Append("Load it with `datasets.load_dataset(\"parquet\", data_files=\"data/*.parquet\")` or from this folder with `load_dataset(\"path/to/folder\")`.\n\n");

        card.Append("## Manifest\n\n");
        card.Append($"- manifest hash: `{version.ManifestHash}` (SHA-256 of the lines `{{id}} {{content_sha256}}\\n` in id order)\n");
        card.Append($"- config hash: `{version.ConfigHash}`\n");
        if (version.ParentVersionId is { } parent) card.Append($"- parent version: `{parent}`\n");
        card.Append('\n');

        card.Append("## Counts per rule\n\n| decision | rule | examples |\n|---|---|---|\n");
        foreach (var (rule, n) in tally.KeptByRule) card.Append($"| kept | {rule} | {n} |\n");
        foreach (var (rule, n) in version.DroppedByRule.OrderBy(x => x.Key, StringComparer.Ordinal)) card.Append($"| dropped | {rule} | {n} |\n");
        card.Append('\n');

        card.Append("## G-Vendi per round\n\n");
        if (run.Config.Diversity is null) card.Append("Diversity was off for this pipeline: nothing was embedded or clustered, so there is no G-Vendi.\n\n");
        else
        {
            card.Append("| round | pool | k | pool G-Vendi | kept | dropped | G-Vendi after |\n|---|---|---|---|---|---|---|\n");
            foreach (var r in rounds)
                card.Append($"| {r.Round} | {r.PoolSize?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {r.K?.ToString(CultureInfo.InvariantCulture) ?? "-"} | {Number(r.PoolGVendi)} | {r.Kept} | {r.Dropped} | {Number(r.GVendiAfter)} |\n");
            card.Append('\n');
        }

        card.Append("## Grader\n\n");
        foreach (var (method, n) in tally.Graders) card.Append($"- `{method}`: {n} examples\n");
        card.Append('\n');

        card.Append("## Proxy\n\n");
        if (tally.Proxies.Count == 0) card.Append("No proxy: the examples were not embedded (diversity off).\n");
        foreach (var (p, n) in tally.Proxies.OrderBy(p => p.Key.Model, StringComparer.Ordinal))
            card.Append($"- `{p.Model}` (weights sha256 `{p.WeightsSha256}`), tokenizer `{p.Tokenizer}`, {p.Mode} gradients projected to d={p.Dimension} with seed {p.ProjectionSeed}: {n} examples\n");
        card.Append('\n');

        card.Append("## Columns\n\n| column | type | meaning |\n|---|---|---|\n");
        foreach (var c in ExportColumns.All) card.Append($"| `{c.Name}` | {c.HfFeature.Key}: {c.HfFeature.Value} | {c.Description} |\n");
        card.Append('\n');

        card.Append("## Pipeline config\n\n```json\n").Append(JsonSerializer.Serialize(run.Config, Indented)).Append("\n```\n");
        return card.ToString();
    }

    private static string FrontMatter(VersionSealed version)
    {
        var yaml = new StringBuilder("---\n");
        yaml.Append($"pretty_name: {Quote($"Lineage {version.Pipeline} {version.VersionId}")}\n");
        yaml.Append("tags:\n- synthetic\n- math\n- reasoning\n- lineage\n");
        yaml.Append("configs:\n- config_name: default\n  data_files:\n");
        yaml.Append($"  - split: {Split}\n    path: {DataFilesGlob}\n");
        yaml.Append("dataset_info:\n  features:\n");
        foreach (var c in ExportColumns.All) yaml.Append($"  - name: {c.Name}\n    {c.HfFeature.Key}: {c.HfFeature.Value}\n");
        yaml.Append($"  splits:\n  - name: {Split}\n    num_examples: {version.ExampleCount}\n");
        yaml.Append("---\n\n");
        return yaml.ToString();
    }

    /// <summary>A YAML double-quoted scalar (JSON's string escaping is valid YAML).</summary>
    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Number(double? x) => x?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";
}
