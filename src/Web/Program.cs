using BuildFarm.Agent;
using BuildFarm.Hosting;
using BuildFarm.Scheduler;
using BuildFarm.Web;
using BuildFarm.Web.Features.Agents;

var builder = WebApplication.CreateBuilder(args);
// Serve framework and scoped-CSS assets from the build output in every environment (a no-op when published):
// scripts/up.sh and the end-to-end tests run the built app as Production, where this is otherwise off.
builder.WebHost.UseStaticWebAssets();
builder.AddWeb();
// The zero-setup farm: Web hosts the scheduler and one agent, joined by the in-memory bus unless Bus:Transport says otherwise.
if (builder.Configuration.GetValue("Farm:Embedded", true))
{
    builder.AdmitEmbeddedAgent();
    builder.AddScheduler();
    builder.AddAgent();
}
builder.AddFarmBus();

var app = builder.Build();
app.MapWeb();
app.Run();

public partial class Program;
