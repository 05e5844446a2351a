using BuildFarm.Hosting;
using BuildFarm.Shared.Builds;
using Microsoft.Extensions.Configuration;
using BuildFarm.Web.Features.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Web.Features.Planning;

public static class PlanningSetup
{
    /// <summary>The bare mirrors, the registry client and the planner, for the host that plans builds at submit (Web).</summary>
    public static IHostApplicationBuilder AddBuildPlanning(this IHostApplicationBuilder builder)
    {
        var mirrors = Path.Combine(FarmPaths.DataDir(builder.Configuration), "mirrors");
        builder.Services.AddSingleton(new GitMirror(mirrors));
        builder.Services.AddRegistryResolution(builder.Configuration);
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(new ContextLimits(
            configuration.GetValue("Farm:MaxDockerfileBytes", ContextLimits.DefaultDockerfileBytes),
            configuration.GetValue("Farm:MaxContextBytes", ContextLimits.DefaultContextBytes),
            configuration.GetValue("Farm:MaxContextFiles", ContextLimits.DefaultContextFiles)));
        builder.Services.AddSingleton<BuildPlanner>();
        return builder;
    }
}
