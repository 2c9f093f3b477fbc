using System.Globalization;
using Lineage.Filters.Clustering.Storage;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Where one embedding lives: row <see cref="Row"/> of a float matrix blob (one blob per embedded batch),
/// written <c>{blob sha256}#{row}</c>. One blob per batch rather than per vector keeps a pool of millions
/// of examples at thousands of files, and one read serves a whole batch.
/// </summary>
public readonly record struct VectorAddress(string Blob, int Row)
{
    public override string ToString() => $"{Blob}#{Row.ToString(CultureInfo.InvariantCulture)}";

    public static VectorAddress Parse(string address)
    {
        var hash = address.IndexOf('#');
        if (hash < 0 || !BlobStore.IsAddress(address[..hash])
            || !int.TryParse(address[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            throw new FormatException($"'{address}' is not a vector address ({{sha256}}#{{row}})");
        return new VectorAddress(address[..hash], row);
    }
}
