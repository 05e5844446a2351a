using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Web.Features.Registry;

public static class RegistryResolutionSetup
{
    /// <summary>
    /// Registers <see cref="RegistryClient"/> and <see cref="DigestResolver"/> as singletons (the token and digest
    /// caches live as long as the process), configured from the "Registries" section (see <see cref="RegistrySettings"/>).
    /// </summary>
    public static IServiceCollection AddRegistryResolution(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new RegistrySettings(configuration));
        services.AddSingleton(sp => new RegistryClient(CreateHttpClient(), sp.GetRequiredService<RegistrySettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RegistryClient>>()));
        services.AddSingleton<DigestResolver>();
        return services;
    }

    // One long-lived client for a singleton: recycling pooled connections every few minutes lets it follow DNS
    // changes (the guidance for HttpClient outside IHttpClientFactory). Timeouts are per request in RegistryTransport.
    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
