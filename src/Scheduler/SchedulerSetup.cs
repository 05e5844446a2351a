using Microsoft.Extensions.Hosting;

namespace BuildFarm.Scheduler;

public static class SchedulerSetup
{
    public static IHostApplicationBuilder AddScheduler(this IHostApplicationBuilder builder) => builder;
}
