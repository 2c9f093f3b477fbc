using System.Security.Cryptography;
using System.Text;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// RFC 9562 version-5 UUIDs (SHA-1 of a namespace and a name). OpenLineage wants a UUID per run; deriving it from
/// Lineage's own ids means a re-sent event names the same run, and anyone can recompute it from a run id.
/// </summary>
public static class NameBasedUuid
{
    /// <summary>RFC 9562's namespace for names that are URLs (or URNs).</summary>
    public static readonly Guid UrlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>Lineage's namespace: <c>uuid5(url namespace, "urn:lineage:openlineage")</c>, so it too can be recomputed.</summary>
    public static readonly Guid LineageNamespace = V5(UrlNamespace, "urn:lineage:openlineage");

    public static Guid V5(Guid @namespace, string name)
    {
        var ns = @namespace.ToByteArray(bigEndian: true);
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[ns.Length + bytes.Length];
        ns.CopyTo(input, 0);
        bytes.CopyTo(input, ns.Length);
        // SHA-1 is what version 5 is defined by; it names, it does not protect anything.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}
