using Lineage.Domain.Messages;

namespace Lineage.Api.Messaging;

/// <summary>
/// The queue of each stage. Commands are sent to a queue rather than published to an exchange,
/// so deployments sharing a broker (and test fixtures) never see each other's work.
/// </summary>
public sealed class StageQueues(string prefix)
{
    public static readonly IReadOnlyDictionary<Type, string> StageOf = new Dictionary<Type, string>
    {
        [typeof(ImportSeeds)] = "seeds",
        [typeof(StartRound)] = "round",
        [typeof(GenerateCandidates)] = "generate",
        [typeof(VerifyBatch)] = "verify",
        [typeof(EmbedBatch)] = "embed",
        [typeof(ClusterPool)] = "cluster",
        [typeof(FilterBatch)] = "filter",
        [typeof(SealVersion)] = "seal",
    };

    public static IReadOnlyCollection<string> AllStages => [.. StageOf.Values];

    public string Prefix => prefix;

    public string QueueOf(string stage) => $"{prefix}-{stage}";

    public Uri AddressOf(Type command) =>
        new($"queue:{QueueOf(StageOf.TryGetValue(command, out var stage) ? stage : throw new ArgumentException($"{command.Name} is not a stage command"))}");
}
