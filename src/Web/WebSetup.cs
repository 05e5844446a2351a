using BuildFarm.Hosting;
using BuildFarm.Data;
using BuildFarm.Web.Features.Planning;
using BuildFarm.Web.Components;
using BuildFarm.Web.Features.Agents;
using BuildFarm.Web.Features.Api;
using BuildFarm.Web.Features.Alerts;
using BuildFarm.Web.Features.Bases;
using BuildFarm.Web.Features.Insights;
using BuildFarm.Web.Features.Placement;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Features.Credentials;
using BuildFarm.Web.Features.Live;
using BuildFarm.Web.Features.Outages;
using BuildFarm.Web.Features.Account;
using BuildFarm.Web.Features.People;
using BuildFarm.Web.Security;
using MassTransit;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildFarm.Web;

public static class WebSetup
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.AddFarmDb();
        builder.AddFarmIdentity();
        builder.AddBuildPlanning();
        builder.AddBaseWatch();
        builder.AddAlerts();
        builder.AddRegistryCredentials();
        var services = builder.Services;

        // Every open page re-reads the database every few seconds; logging each SQL command at Information would
        // bury the farm's own log. Run from the build output the content root holds no appsettings.json to say so.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = DatabaseOutageResponses.Describe);
        // A misspelt field ("nocahce") must fail loudly, not queue a build that silently ignored it; and a body the
        // API cannot bind must reach ApiRequestGuard as an exception, which names the field, not as an empty 400.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.TryAddSingleton(TimeProvider.System);

        services.AddScoped<People>();
        services.AddScoped<BuildDispatcher>();
        services.AddScoped<BuildSubmission>();
        services.AddSingleton(sp => new SubmissionGate(
            sp.GetRequiredService<IConfiguration>().GetValue("Farm:PlanningConcurrency", SubmissionGate.DefaultWidth)));
        services.AddSingleton<SubmissionKeys>();
        services.AddScoped<BuildCancellation>();
        services.AddOptions<BuildOutboxOptions>().BindConfiguration("Web:Outbox");
        services.AddSingleton<BuildOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<BuildOutbox>());

        services.AddSingleton<LiveUpdates>();
        // Every Web process must hear every change, so each gets its own short-lived queue instead of sharing one.
        var instance = $"web-{Guid.NewGuid():N}"[..16];
        builder.BusParts().Register(x =>
        {
            x.AddConsumer<BuildChangedConsumer>().Endpoint(e =>
            {
                e.InstanceId = instance;
                e.Temporary = true;
            });
            x.AddConsumer<AgentChangedConsumer>().Endpoint(e =>
            {
                e.InstanceId = instance;
                e.Temporary = true;
            });
        });
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        // People get pages. Re-executing /error or /not-found needs the app's routing, which only the main pipeline
        // carries (a UseWhen branch does not: from one, both pages came back as empty 404s).
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler(DatabaseOutageResponses.Pages());
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Scripts get problem JSON: handled here first, so the pages above never see an API response without a body.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(DatabaseOutageResponses.Api());
            api.UseStatusCodePages();
            api.UseMiddleware<ApiRequestGuard>();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // The sign-in page needs its stylesheet and scripts before anyone has signed in; they hold nothing private.
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccount();
        app.MapPeopleApi();
        app.MapBuildsApi();
        app.MapAgentsApi();
        app.MapPlacementApi();
        app.MapBasesApi();
        app.MapAlertsApi();
        app.MapInsightsApi();
        app.MapRegistryCredentialsApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
