using BuildFarm.Web.Features.Agents;
using BuildFarm.Web.Features.Builds;
using BuildFarm.Web.Tests.Components;
using Bunit;

namespace BuildFarm.Web.Tests.Features.Outages;

/// <summary>Interactive pages whose database refuses every connection, as while it restarts: a circuit that starts then
/// (or a form sent then) says so with the sentence naming the database, instead of dying or saying something untrue.</summary>
public sealed class OutageNoticeTests : IAsyncLifetime
{
    readonly FarmComponents _farm = new(databaseAway: true);

    public Task InitializeAsync() => _farm.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)_farm).DisposeAsync();

    [Fact]
    public void Should_say_the_database_is_away_on_a_build_page_instead_of_that_the_build_does_not_exist()
    {
        var page = _farm.Render<BuildLive>(p => p.Add(b => b.BuildId, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.StartsWith("The farm's database (PostgreSQL at 127.0.0.1:",
            page.Find("[data-testid=database-outage]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("is not answering: Failed to connect to 127.0.0.1:", page.Markup);
        Assert.DoesNotContain("last read", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=build-missing]"));
    }

    [Fact]
    public void Should_say_the_database_is_away_on_the_agents_page()
    {
        var page = _farm.Render<AgentsTable>();

        page.WaitForAssertion(() => Assert.Contains("is not answering",
            page.Find("[data-testid=database-outage]").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Should_keep_the_form_filled_in_and_say_the_build_was_not_queued_while_the_database_is_away()
    {
        var form = _farm.Render<NewBuild>();

        form.Find("#repository").Change("https://git.example.com/ml/trainer.git");
        form.Find("#ref").Change("main");
        await form.Find("form").SubmitAsync();

        var error = Assert.Single(form.FindAll("[data-testid=form-errors] li")).TextContent;
        Assert.StartsWith("The build was not queued. The farm's database (PostgreSQL at 127.0.0.1:", error);
        Assert.Equal("https://git.example.com/ml/trainer.git", form.Find("#repository").GetAttribute("value"));
    }
}
