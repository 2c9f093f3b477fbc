using System.Net;
using System.Net.Sockets;

namespace Lineage.Faults.Services;

public static class FreePort
{
    /// <summary>A loopback port nothing listened on a moment ago (the kernel's choice, so parallel callers rarely collide).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
