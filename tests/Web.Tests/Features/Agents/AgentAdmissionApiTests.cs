using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Shared.Agents;
using BuildFarm.Web.Tests.Features.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Agents;

[Collection(WebCollection.Name)]
public class AgentAdmissionApiTests(WebFixture web)
{
    async Task<string> SeedAsync(string admission)
    {
        var agent = SeededBuild.Agent();
        agent.Admission = admission;
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(agent);
            return db.SaveChangesAsync();
        });
        return agent.Id;
    }

    Task<string> AdmissionAsync(string id) => web.WithDbAsync(db => db.Agents.Where(a => a.Id == id).Select(a => a.Admission).SingleAsync());

    [Theory]
    [InlineData(AgentAdmission.Pending, "approve", AgentAdmission.Approved)]
    [InlineData(AgentAdmission.Revoked, "approve", AgentAdmission.Approved)]
    [InlineData(AgentAdmission.Approved, "drain", AgentAdmission.Draining)]
    [InlineData(AgentAdmission.Draining, "resume", AgentAdmission.Approved)]
    [InlineData(AgentAdmission.Approved, "revoke", AgentAdmission.Revoked)]
    [InlineData(AgentAdmission.Pending, "revoke", AgentAdmission.Revoked)]
    public async Task Should_move_an_agent_to_the_admission_the_action_names(string from, string action, string to)
    {
        var id = await SeedAsync(from);
        using var client = web.ApiClient();

        var response = await client.PostAsync($"/api/agents/{id}/{action}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(to, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("admission").GetString());
        Assert.Equal(to, await AdmissionAsync(id));
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/agents")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal(to, listed.GetProperty("admission").GetString());
    }

    [Theory]
    [InlineData(AgentAdmission.Pending, "drain")]
    [InlineData(AgentAdmission.Pending, "resume")]
    [InlineData(AgentAdmission.Revoked, "drain")]
    public async Task Should_refuse_an_action_that_does_not_apply_and_leave_the_agent_as_it_was(string from, string action)
    {
        var id = await SeedAsync(from);
        using var client = web.ApiClient();

        var response = await client.PostAsync($"/api/agents/{id}/{action}", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"cannot {action}", await response.Content.ReadAsStringAsync());
        Assert.Equal(from, await AdmissionAsync(id));
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_agent()
    {
        using var client = web.ApiClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/agents/no-such-agent/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/agents/no-such-agent")).StatusCode);
    }

    [Fact]
    public async Task Should_remove_an_idle_agent_and_refuse_one_that_still_has_a_build()
    {
        var idle = await SeedAsync(AgentAdmission.Revoked);
        var busy = await SeedAsync(AgentAdmission.Draining);
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(SeededBuild.Running(busy));
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var removed = await client.DeleteAsync($"/api/agents/{idle}");
        var refused = await client.DeleteAsync($"/api/agents/{busy}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.False(await web.WithDbAsync(db => db.Agents.AnyAsync(a => a.Id == idle)));
        Assert.True(await web.WithDbAsync(db => db.Agents.AnyAsync(a => a.Id == busy)));
    }
}
