using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BuildFarm.Web.Tests.Features.Builds;

/// <summary>
/// What a careless or hostile script may send to <c>POST /api/builds</c>: every case answers with its status, a
/// sentence under the field it concerns, and stores nothing.
/// </summary>
[Collection(WebCollection.Name)]
public class HostileInputTests(WebFixture web)
{
    const string Repo = "https://git.example.com/hostile/trainer.git";

    static string Body(object fields) => JsonSerializer.Serialize(fields);

    public static TheoryData<string, string, string> RefusedSpecs => new()
    {
        { Body(new { repository = "ext::sh -c touch% /tmp/pwned", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "fd::17", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "javascript:alert(1)", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "--upload-pack=touch /tmp/pwned", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "-oProxyCommand=touch", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "ssh://-oProxyCommand=touch/repo.git", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "git@-oProxyCommand=touch:repo.git", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "https://git.example.com/a\u0000b.git", @ref = "main" }), "repository", "is not a git URL" },
        { Body(new { repository = "file:///etc", @ref = "main" }), "repository", "local repositories are not allowed" },
        { Body(new { repository = "/srv/git/demo", @ref = "main" }), "repository", "local repositories are not allowed" },
        { Body(new { repository = Repo, @ref = "--upload-pack=touch /tmp/pwned" }), "ref", "must not start with '-'" },
        { Body(new { repository = Repo, @ref = "-h" }), "ref", "must not start with '-'" },
        { Body(new { repository = Repo, @ref = "main/../../etc" }), "ref", "contains '..'" },
        { Body(new { repository = Repo, @ref = "main\u0000evil" }), "ref", "control character U+0000" },
        { Body(new { repository = Repo, @ref = "main\n--force" }), "ref", "control character U+000A" },
        { Body(new { repository = Repo, @ref = "main", contextPath = "../" }), "contextPath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", contextPath = "a/../../.." }), "contextPath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", contextPath = "/etc" }), "contextPath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", contextPath = "~/" }), "contextPath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", dockerfilePath = "../../etc/passwd" }), "dockerfilePath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", dockerfilePath = "/etc/passwd" }), "dockerfilePath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", dockerfilePath = "C:/Windows/win.ini" }), "dockerfilePath", "must stay inside the repository" },
        { Body(new { repository = Repo, @ref = "main", buildArgs = new Dictionary<string, string> { ["TOKEN"] = "a\u0000b" } }), "buildArgs", "Build argument 'TOKEN' holds the control character U+0000" },
        { Body(new { repository = Repo, @ref = "main", buildArgs = new Dictionary<string, string> { ["COLOR"] = "\u001b[31mred" } }), "buildArgs", "Build argument 'COLOR' holds the control character U+001B" },
        { Body(new { repository = Repo, @ref = "main", buildArgs = new Dictionary<string, string> { ["A\nB"] = "x" } }), "buildArgs", "is not valid" },
        { Body(new { repository = Repo, @ref = "main", requiredLabels = new Dictionary<string, string> { ["gpu"] = "a100\nrole=admin" } }), "requiredLabels", "control characters" },
        { Body(new { repository = Repo, @ref = "main", requiredLabels = new Dictionary<string, string> { ["gpu"] = "\u001b[2J" } }), "requiredLabels", "control characters" },
        { Body(new { repository = Repo, @ref = "main", tags = new[] { "Trainer:Latest" } }), "tags", "must be lowercase" },
        { Body(new { repository = Repo, @ref = "main", tags = new[] { "trainer:-rm" } }), "tags", "is not a valid image reference" },
        { Body(new { repository = Repo, @ref = "main", tags = new[] { "trainer:" + new string('a', 129) } }), "tags", "is not a valid image reference" },
        { Body(new { repository = Repo, @ref = "main", tags = new[] { "trainer\u0000:x" } }), "tags", "is not a valid image reference" },
        { Body(new { repository = Repo, @ref = "main", tags = new[] { "../../trainer" } }), "tags", "is not a valid image reference" },
        { Body(new { repository = Repo, @ref = "main", target = "<script>" }), "target", "is not a valid stage name" },
    };

    public static TheoryData<string, string, string> UnbindableBodies => new()
    {
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","nocahce":true}""", "nocahce", "Field 'nocahce' is not a field of this request" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","check":{"command":["nvidia-smi"],"gpu":true}}""", "gpu", "Field 'gpu' is not a field of this request" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","noCache":"yes"}""", "noCache", "Field 'noCache' has the wrong type" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","tags":"trainer:dev"}""", "tags", "Field 'tags' has the wrong type: it must be an array of strings" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","buildArgs":{"CUDA":12}}""", "buildArgs", "Field 'buildArgs' has the wrong type: it must be a string" },
        { """{"repository":42,"ref":"main"}""", "repository", "Field 'repository' has the wrong type" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main","check":{"command":["ls"],"timeoutSeconds":"soon"}}""", "check", "Field 'check' has the wrong type" },
        { $$$"""{"repository":"{{{Repo}}}","ref":"main",""", "body", "The request body is not a valid JSON object" },
        { "[1,2,3]", "body", "Field" },
    };

    [Theory]
    [MemberData(nameof(RefusedSpecs))]
    public async Task Should_refuse_a_hostile_field_with_a_sentence_and_store_nothing(string json, string field, string sentence) =>
        await AssertRefusedAsync(Json(json), HttpStatusCode.BadRequest, field, sentence);

    [Theory]
    [MemberData(nameof(UnbindableBodies))]
    public async Task Should_name_the_field_of_a_body_the_api_cannot_bind_and_store_nothing(string json, string field, string sentence) =>
        await AssertRefusedAsync(Json(json), HttpStatusCode.BadRequest, field, sentence);

    [Fact]
    public async Task Should_answer_413_to_a_body_over_one_mebibyte_that_declares_its_length() =>
        await AssertRefusedAsync(Json(OversizedBody()), HttpStatusCode.RequestEntityTooLarge, "body", "larger than 1 MiB");

    [Fact]
    public async Task Should_answer_413_to_a_chunked_body_over_one_mebibyte()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(OversizedBody())));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;

        await AssertRefusedAsync(content, HttpStatusCode.RequestEntityTooLarge, "body", "larger than 1 MiB");
    }

    [Fact]
    public async Task Should_still_queue_a_body_just_under_the_limit()
    {
        using var client = web.ApiClient();
        var args = Enumerable.Range(0, 90).ToDictionary(i => $"ARG_{i}", _ => new string('x', 10_000));

        var response = await client.PostAsync("/api/builds", Json(Body(new { repository = Repo, @ref = "main", buildArgs = args })));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    // Padding inside a build arg, so only the size is wrong with it.
    static string OversizedBody() =>
        Body(new { repository = Repo, @ref = "main", buildArgs = new Dictionary<string, string> { ["PAD"] = new string('x', 2 * 1024 * 1024) } });

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    async Task AssertRefusedAsync(HttpContent content, HttpStatusCode status, string field, string sentence)
    {
        using var client = web.ApiClient();
        var before = await web.WithDbAsync(db => db.Builds.CountAsync());

        var response = await client.PostAsync("/api/builds", content);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no errors under '{field}': {problem}");
        Assert.True(messages.EnumerateArray().Any(m => m.GetString()!.Contains(sentence, StringComparison.Ordinal)),
            $"no error under '{field}' says \"{sentence}\": {messages}");
        Assert.Equal(before, await web.WithDbAsync(db => db.Builds.CountAsync()));
    }
}
