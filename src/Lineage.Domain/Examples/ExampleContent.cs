using Lineage.Domain.Hashing;

namespace Lineage.Domain.Examples;

/// <summary>
/// What a dataset version actually contains for one example. Its SHA-256 (over canonical JSON)
/// is the example's entry in the version manifest, so any change of text or answer changes the hash.
/// </summary>
public sealed record ExampleContent(string Id, string Problem, string Solution, string? Answer)
{
    public string Sha256() => CanonicalJson.Hash(this);
}
