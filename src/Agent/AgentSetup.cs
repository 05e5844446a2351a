using Microsoft.Extensions.Hosting;

namespace BuildFarm.Agent;

public static class AgentSetup
{
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder) => builder;
}
