using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Web.Features.Builds;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>A double click on Queue, or a script retrying a POST, queues one build.</summary>
[Collection(WebCollection.Name)]
public class SubmissionKeysTests(WebFixture web)
{
    [Fact]
    public async Task Should_queue_one_build_when_the_same_form_is_posted_twice_at_once()
    {
        var repository = $"https://git.example.com/double-{Guid.NewGuid():N}.git";
        var key = Guid.NewGuid().ToString("N");
        Dictionary<string, string> Fields() => new()
        {
            ["Form.Repository"] = repository, ["Form.Ref"] = "main", ["Form.DockerfilePath"] = "Dockerfile", ["Form.ContextPath"] = ".",
            ["Form.SubmissionKey"] = key,
        };

        var member = await TestAccounts.CreateAsync(web.Services, Shared.People.FarmRoles.Member);

        var posts = await Task.WhenAll(web.PostNewBuildFormAsync(Fields(), member), web.PostNewBuildFormAsync(Fields(), member));

        Assert.All(posts, p => Assert.True(p.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, p.StatusCode.ToString()));
        Assert.Equal(1, await web.WithDbAsync(db => db.Builds.CountAsync(b => b.Repository == repository)));
    }

    [Fact]
    public async Task Should_never_hand_one_persons_build_to_another_who_sends_the_same_key()
    {
        var repository = $"https://git.example.com/shared-key-{Guid.NewGuid():N}.git";
        var key = Guid.NewGuid().ToString("N");
        Dictionary<string, string> Fields() => new()
        {
            ["Form.Repository"] = repository, ["Form.Ref"] = "main", ["Form.DockerfilePath"] = "Dockerfile", ["Form.ContextPath"] = ".",
            ["Form.SubmissionKey"] = key,
        };

        await web.PostNewBuildFormAsync(Fields());
        await web.PostNewBuildFormAsync(Fields());

        var owners = await web.WithDbAsync(db => db.Builds.Where(b => b.Repository == repository).Select(b => b.QueuedById).ToListAsync());
        Assert.Equal(2, owners.Distinct().Count());
    }

    [Fact]
    public async Task Should_give_a_retried_api_post_with_the_same_idempotency_key_the_first_build()
    {
        var repository = $"https://git.example.com/retry-{Guid.NewGuid():N}.git";
        using var client = web.ApiClient();
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var first = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main" });
        var retry = await client.PostAsJsonAsync("/api/builds", new { repository, @ref = "main" });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, retry.StatusCode));
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await web.WithDbAsync(db => db.Builds.CountAsync(b => b.Repository == repository)));
    }

    [Fact]
    public async Task Should_let_a_refused_submission_be_tried_again_with_the_same_key()
    {
        var keys = new SubmissionKeys(TimeProvider.System);
        var calls = 0;

        var refused = await keys.OnceAsync("k", () => Task.FromResult(new Submitted(null, [$"refused {++calls}"])));
        var again = await keys.OnceAsync("k", () => Task.FromResult(new Submitted(null, [$"refused {++calls}"])));

        Assert.Equal(["refused 1"], refused.Errors);
        Assert.Equal(["refused 2"], again.Errors);
    }
}
