using System.Net;
using System.Net.Sockets;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// Free TCP ports on 127.0.0.1, as the operating system hands them out (bind to port 0). A port is handed out
    /// once per process, so launches in parallel never get the same one; a port taken by someone else between this
    /// and gunicorn's bind makes that launch fail with gunicorn's log.
    /// </summary>
    internal static class LoopbackPorts
    {
        private static readonly HashSet<int> HandedOut = new HashSet<int>();

        internal static int Reserve()
        {
            lock (HandedOut)
            {
                while (true)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    listener.Stop();
                    if (HandedOut.Add(port))
                    {
                        return port;
                    }
                }
            }
        }
    }
}
