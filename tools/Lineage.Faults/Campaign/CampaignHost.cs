using Lineage.Api.Hosting;
using Lineage.Api.Options;
using Lineage.Faults.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Lineage.Faults.Campaign;

/// <summary>A Lineage host in this process on the private services: no API, no schedules; the caller picks stages and relay.</summary>
public static class CampaignHost
{
    public static WebApplication Build(PrivateServices services, string schema, string queuePrefix, string dataDirectory, LogLevel logLevel,
        Action<LineageOptions> configure) =>
        LineageHost.Build(["--urls", "http://127.0.0.1:0"], o =>
        {
            services.Apply(o, schema, queuePrefix);
            o.DataDirectory = dataDirectory;
            o.Schedules = false;
            o.Api = false;
            configure(o);
        }, b =>
        {
            b.Logging.ClearProviders();
            if (logLevel == LogLevel.None) return;
            b.Logging.AddSimpleConsole(c => c.SingleLine = true);
            b.Logging.SetMinimumLevel(logLevel);
        });
}
