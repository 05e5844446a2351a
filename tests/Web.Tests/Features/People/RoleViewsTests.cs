using System.Net;
using BuildFarm.Shared.People;
using BuildFarm.Web.Tests.Features.Builds;

namespace BuildFarm.Web.Tests.Features.People;

/// <summary>What each role is offered on the pages: no button a role cannot use (the services refuse them anyway).</summary>
[Collection(WebCollection.Name)]
public class RoleViewsTests(WebFixture web)
{
    async Task<string> PageAsync(string role, string path)
    {
        using var client = web.WithToken((await web.PersonAsync(role)).Token);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData(FarmRoles.Viewer, false)]
    [InlineData(FarmRoles.Member, true)]
    [InlineData(FarmRoles.Admin, true)]
    public async Task Should_offer_cancel_and_rebuild_to_members_and_up_only(string role, bool offered)
    {
        var build = SeededBuild.Running("gpu-1");
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });

        var html = await PageAsync(role, $"/builds/{build.Id}");

        Assert.Equal(offered, html.Contains("id=\"cancel-build\""));
        Assert.Equal(offered, html.Contains("id=\"rebuild\""));
    }

    [Theory]
    [InlineData(FarmRoles.Viewer, false)]
    [InlineData(FarmRoles.Member, true)]
    public async Task Should_show_viewers_a_sentence_instead_of_the_new_build_form(string role, bool form)
    {
        var html = await PageAsync(role, "/");

        Assert.Equal(form, html.Contains("id=\"new-build-form\""));
        Assert.Equal(!form, html.Contains("data-testid=\"viewer-notice\""));
    }

    [Theory]
    [InlineData(FarmRoles.Viewer, false)]
    [InlineData(FarmRoles.Member, false)]
    [InlineData(FarmRoles.Admin, true)]
    public async Task Should_offer_agent_actions_people_and_alerts_to_admins_only(string role, bool admin)
    {
        var pending = SeededBuild.Agent();
        pending.Admission = BuildFarm.Shared.Agents.AgentAdmission.Pending;
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(pending);
            return db.SaveChangesAsync();
        });

        var html = await PageAsync(role, "/agents");

        Assert.Equal(admin, html.Contains("data-testid=\"agent-approve\""));
        Assert.Equal(admin, html.Contains("id=\"nav-people\""));
        Assert.Equal(admin, html.Contains("alert-bell"));
        Assert.Matches($"data-testid=\"my-role\"[^>]*>{role}<", html);
    }
}
