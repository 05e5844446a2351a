using System.Net;
using BuildFarm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class CancelBuildTests(WebFixture web)
{
    [Fact]
    public async Task Should_flag_a_running_build_and_ask_the_scheduler_to_cancel_it()
    {
        var build = SeededBuild.Running("agent-c");
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var response = await client.PostAsync($"/api/builds/{build.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await web.Bus.WaitForAsync<BuildCancelRequested>(m => m.BuildId == build.Id);
        var stored = await web.WithDbAsync(db => db.Builds.SingleAsync(b => b.Id == build.Id));
        Assert.True(stored.CancelRequested);
        Assert.Equal("running", stored.Status); // the scheduler, not Web, decides the build's next state
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public async Task Should_answer_409_for_a_build_that_already_ended(string status)
    {
        var build = SeededBuild.Finished("agent-c");
        build.Status = status;
        await web.WithDbAsync(db =>
        {
            db.Builds.Add(build);
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();

        var response = await client.PostAsync($"/api/builds/{build.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(status, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(web.Bus.All<BuildCancelRequested>(), m => m.BuildId == build.Id);
        Assert.False((await web.WithDbAsync(db => db.Builds.SingleAsync(b => b.Id == build.Id))).CancelRequested);
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_build()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsync($"/api/builds/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
