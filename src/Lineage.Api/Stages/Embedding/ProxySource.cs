using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Embedding;

/// <summary>Which proxy a run embeds with: a configured Hugging Face folder, or the default proxy's recipe.</summary>
public sealed record ProxySource(string ModelId, string? Folder, DefaultProxyRecipe? Recipe)
{
    /// <summary>
    /// Derived from the run alone (its config and its seed pool), so every batch of every round, on any
    /// worker, resolves the same proxy without asking an earlier stage which one it used.
    /// </summary>
    public static async Task<ProxySource> ForRunAsync(IQuerySession session, RunStarted run, CancellationToken ct)
    {
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {run.RunId} has no diversity settings");
        return For(run, diversity.ProxyModel is null && run.Config.Seeds is not null ? await SeedsAsync(session, run.RunId, ct) : []);
    }

    /// <summary>The same choice over values: the run and its imported seeds (read only for the default proxy's recipe).</summary>
    public static ProxySource For(RunStarted run, IReadOnlyList<SeedExampleImported> seeds)
    {
        var diversity = run.Config.Diversity ?? throw new InvalidOperationException($"run {run.RunId} has no diversity settings");
        if (diversity.ProxyModel is { } configured)
        {
            var folder = Path.GetFullPath(configured);
            if (!Directory.Exists(folder)) throw new InvalidOperationException($"proxy model folder {folder} does not exist on this worker");
            return new ProxySource(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), folder, null);
        }
        var recipe = run.Config.Seeds is null
            ? DefaultProxyRecipe.Procedural()
            : DefaultProxyRecipe.FromSeeds(seeds);
        return new ProxySource(recipe.ModelId, null, recipe);
    }

    public static async Task<IReadOnlyList<SeedExampleImported>> SeedsAsync(IQuerySession session, string runId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(RunIds.Streams.Seeds(runId), token: ct);
        if (!events.Any(e => e.Data is SeedsImported))
            throw new InvalidOperationException($"the seed pool of run {runId} has not been imported");
        return events.Select(e => e.Data).OfType<SeedExampleImported>().ToList();
    }
}
