using BuildFarm.Scheduler.Data;

namespace BuildFarm.Web;

public static class WebSetup
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.AddFarmDb();
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app) => app;
}
