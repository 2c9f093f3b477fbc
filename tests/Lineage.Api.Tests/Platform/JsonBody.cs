using System.Text;

namespace Lineage.Api.Tests.Platform;

public static class JsonBody
{
    /// <summary>
    /// No body, but <c>Content-Type: application/json</c>, which every POST must send (a bodyless POST without it
    /// is what a cross-site page can send unasked; the host answers 415).
    /// </summary>
    public static HttpContent Empty() => new StringContent("", Encoding.UTF8, "application/json");
}
