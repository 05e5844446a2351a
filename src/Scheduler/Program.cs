using BuildFarm.Hosting;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddScheduler();
        builder.AddFarmBus();
        builder.Build().Run();
    }
}
