namespace BuildFarm.Web.Features.Bases;

public static class BaseWatchSetup
{
    /// <summary>The base-tag watch, for the host that resolves digests (Web).</summary>
    public static IHostApplicationBuilder AddBaseWatch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BaseWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BaseWatch>());
        return builder;
    }
}
