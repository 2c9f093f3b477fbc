using System.Net;
using System.Net.Sockets;

namespace Lineage.Api.Tests.Platform;

public static class Ports
{
    /// <summary>A loopback port that was free a moment ago: a host can bind it, and connecting to it is refused until one does.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
