namespace BuildFarm.Web.Features.Alerts;

public static class AlertsSetup
{
    /// <summary>The alert rules and the webhook sender, configured from the "Alerts" section.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>().BindConfiguration("Alerts");
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        // Per request timeouts come from HttpClient.Timeout: a webhook that hangs counts as a failed try.
        builder.Services.AddSingleton(sp => new AlertWebhook(sp.GetRequiredService<IServiceScopeFactory>(),
            new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertWebhook>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertWebhook>());
        return builder;
    }
}
