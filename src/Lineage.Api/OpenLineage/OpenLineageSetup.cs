using Marten;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Lineage.Api.OpenLineage;

public static class OpenLineageSetup
{
    /// <summary>
    /// OpenLineage emission, from <c>Lineage:OpenLineage</c>: nothing when <c>Sink</c> is <c>Off</c> (the default);
    /// otherwise the subscription that derives run events (in the process that runs the async daemon, as the relay
    /// does), the bounded queue, the background sender and its sink. Misconfiguration fails at start-up, naming the setting.
    /// </summary>
    public static IServiceCollection AddOpenLineage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(OpenLineageOptions.Section).Get<OpenLineageOptions>() ?? new OpenLineageOptions();
        if (options.Sink == OpenLineageSink.Off) return services;
        Validate(options);

        services.AddSingleton(options);
        services.AddSingleton<RunEventQueue>();
        services.AddSingleton<OpenLineageStats>();
        services.AddSingleton<RunEventMapper>();
        services.AddSingleton<OpenLineageSubscription>();
        services.AddHostedService<RunEventSender>();
        if (options.Sink == OpenLineageSink.File)
            services.AddSingleton<IRunEventSink, FileRunEventSink>();
        else
            AddHttpSink(services, options);

        // The subscription depends on the queue and the mapping only, never on the store it is registered with.
        services.ConfigureMarten((sp, store) => store.Projections.Subscribe(sp.GetRequiredService<OpenLineageSubscription>()));
        return services;
    }

    private static void AddHttpSink(IServiceCollection services, OpenLineageOptions options)
    {
        var baseUrl = options.Url!.EndsWith('/') ? options.Url : options.Url + "/";
        var http = services.AddHttpClient<IRunEventSink, HttpRunEventSink>(HttpRunEventSink.ClientName, client =>
        {
            client.BaseAddress = new Uri(baseUrl);
            // Time-outs are the resilience pipeline's, per attempt.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        http.AddResilienceHandler(HttpRunEventSink.ClientName, (builder, context) => builder
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
            })
            .AddTimeout(options.AttemptTimeout));
    }

    private static void Validate(OpenLineageOptions options)
    {
        var section = OpenLineageOptions.Section;
        if (options.Sink == OpenLineageSink.Http
            && !(Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            throw new InvalidOperationException($"{section}:Url must be an absolute http(s) URL when Sink is Http (Marquez: http://host:5000)");
        if (options.Sink == OpenLineageSink.File && string.IsNullOrWhiteSpace(options.Path))
            throw new InvalidOperationException($"{section}:Path must name a file when Sink is File");
        if (!Uri.TryCreate(options.Producer, UriKind.Absolute, out _))
            throw new InvalidOperationException($"{section}:Producer must be an absolute URI");
        if (string.IsNullOrWhiteSpace(options.Namespace))
            throw new InvalidOperationException($"{section}:Namespace must not be empty");
        if (options.MaxRetryAttempts < 0 || options.RetryDelay <= TimeSpan.Zero || options.MaxRetryDelay <= TimeSpan.Zero || options.AttemptTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{section}: MaxRetryAttempts must be at least 0 and RetryDelay, MaxRetryDelay and AttemptTimeout positive");
    }
}
