using BuildFarm.Agent;
using BuildFarm.Hosting;
using BuildFarm.Scheduler;
using BuildFarm.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddWeb();
// The zero-setup farm: Web hosts the scheduler and one agent, joined by the in-memory bus unless Bus:Transport says otherwise.
if (builder.Configuration.GetValue("Farm:Embedded", true))
{
    builder.AddScheduler();
    builder.AddAgent();
}
builder.AddFarmBus();

var app = builder.Build();
app.MapWeb();
app.Run();

public partial class Program;
