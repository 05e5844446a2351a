using BuildFarm.Hosting;
using BuildFarm.Scheduler.Features.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler.Features.Planning;

public static class PlanningSetup
{
    /// <summary>The bare mirrors, the registry client and the planner; Web plans at submit, so it needs them too.</summary>
    public static IHostApplicationBuilder AddBuildPlanning(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.ContainsKey(typeof(BuildPlanner)))
            return builder;
        builder.Properties[typeof(BuildPlanner)] = true;
        var mirrors = Path.Combine(FarmPaths.DataDir(builder.Configuration), "mirrors");
        builder.Services.AddSingleton(new GitMirror(mirrors));
        builder.Services.AddRegistryResolution(builder.Configuration);
        builder.Services.AddSingleton<BuildPlanner>();
        return builder;
    }
}
