using System.Net;
using BuildFarm.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>The new-build form posted the way a browser without scripts posts it.</summary>
[Collection(WebCollection.Name)]
public class NewBuildTests(WebFixture web)
{
    [Fact]
    public async Task Should_offer_every_field_of_a_build()
    {
        var html = await web.ApiClient().GetStringAsync("/");

        foreach (var id in new[] { "repository", "ref", "dockerfilePath", "contextPath", "targetStage", "buildArgs", "tags", "noCache", "pull", "submit-build" })
            Assert.Contains($"id=\"{id}\"", html);
        Assert.Matches("id=\"dockerfilePath\"[^>]*value=\"Dockerfile\"", html);
        Assert.Matches("id=\"contextPath\"[^>]*value=\"\\.\"", html);
    }

    [Fact]
    public async Task Should_queue_the_build_and_go_to_its_page()
    {
        var repository = $"https://git.example.com/form-{Guid.NewGuid():N}.git";

        var member = await TestAccounts.CreateAsync(web.Services, Shared.People.FarmRoles.Member);

        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = repository,
            ["Form.Ref"] = "main",
            ["Form.DockerfilePath"] = "docker/Dockerfile.gpu",
            ["Form.ContextPath"] = ".",
            ["Form.BuildArgs"] = "CUDA=12.1\r\nPYTHON = 3.11\r\n\r\n",
            ["Form.Tags"] = "localhost:5000/a:1, localhost:5000/a:latest\nlocalhost:5000/b:2",
            ["Form.Pull"] = "True",
        }, member);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var build = await web.WithDbAsync(db => db.Builds.Include(b => b.Events).SingleAsync(b => b.Repository == repository));
        Assert.EndsWith($"/builds/{build.Id}", response.Headers.Location?.ToString());
        Assert.Equal("docker/Dockerfile.gpu", build.DockerfilePath);
        Assert.Equal(new Dictionary<string, string> { ["CUDA"] = "12.1", ["PYTHON"] = " 3.11" }, build.BuildArgs);
        Assert.Equal(["localhost:5000/a:1", "localhost:5000/a:latest", "localhost:5000/b:2"], build.Tags);
        Assert.True(build.Pull);
        Assert.False(build.NoCache);
        Assert.Equal($"Queued by {member.Email} from the dashboard", Assert.Single(build.Events).Message);
        Assert.Equal((member.Id, member.Email), (build.QueuedById, build.QueuedBy));
        await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == build.Id);
    }

    [Fact]
    public async Task Should_show_every_problem_and_queue_nothing()
    {
        var repository = $"https://git.example.com/bad-{Guid.NewGuid():N}.git";

        var response = await web.PostNewBuildFormAsync(new()
        {
            ["Form.Repository"] = repository,
            ["Form.Ref"] = "main",
            ["Form.ContextPath"] = "../../etc",
            ["Form.BuildArgs"] = "GOOD=1\nno equals sign\n9LIVES=x",
            ["Form.Tags"] = "localhost:5000/ok:1, Bad Tag",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"form-errors\"", html);
        Assert.Contains("Build arg line 'no equals sign' is not KEY=VALUE.", html);
        Assert.Contains("Build argument name '9LIVES' is not valid", html);
        Assert.Contains("Context path '../../etc' must stay inside the repository", html);
        Assert.Contains("Tag 'Bad Tag' is not a valid image reference", html);
        Assert.Contains(repository, html); // what was typed stays in the form
        Assert.False(await web.WithDbAsync(db => db.Builds.AnyAsync(b => b.Repository == repository)));
    }
}
