using System.Text.Json;
using BuildFarm.Agent.Features.Registration;
using BuildFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // `describe` prints the registration this host would send, so an admin can check a new machine before it joins.
        if (args.FirstOrDefault() == "describe")
        {
            var describe = Host.CreateApplicationBuilder(args[1..]);
            describe.Logging.ClearProviders();
            describe.AddAgentCore();
            using var host = describe.Build();
            var info = await host.Services.GetRequiredService<AgentInfoCollector>().CollectAsync(CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(info, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return 0;
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.AddAgent();
        builder.AddFarmBus();
        await builder.Build().RunAsync();
        return 0;
    }
}
