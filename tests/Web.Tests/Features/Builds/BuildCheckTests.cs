using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Contracts;
using BuildFarm.Web.Features.Builds;

namespace BuildFarm.Web.Tests.Features.Builds;

[Collection(WebCollection.Name)]
public class BuildCheckTests(WebFixture web)
{
    [Fact]
    public async Task Should_store_a_check_as_an_argument_list_and_send_it_with_the_build()
    {
        // A GPU check is refused at submit when no registered agent has a GPU: this farm has one.
        await web.WithDbAsync(db =>
        {
            db.Agents.Add(SeededBuild.Agent());
            return db.SaveChangesAsync();
        });
        using var client = web.ApiClient();
        var repository = $"https://git.example.com/{Guid.NewGuid():N}.git";
        string[] command = ["python", "-c", "import torch; assert torch.cuda.is_available()"];

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository, @ref = "main", check = new { command, gpus = true, timeoutSeconds = 120 },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var check = (await client.GetFromJsonAsync<JsonElement>($"/api/builds/{id}")).GetProperty("check");
        Assert.Equal(command, check.GetProperty("command").EnumerateArray().Select(c => c.GetString()));
        Assert.True(check.GetProperty("gpus").GetBoolean());
        Assert.Equal(120, check.GetProperty("timeoutSeconds").GetInt32());
        // The outbox publishes after the response: wait for it rather than read the bus at once.
        var sent = await web.Bus.WaitForAsync<BuildRequested>(m => m.BuildId == id);
        Assert.Equal(command, sent.Spec.Check!.Command);
    }

    [Fact]
    public async Task Should_refuse_a_check_without_a_command_under_its_field()
    {
        using var client = web.ApiClient();

        var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = "https://git.example.com/x.git", @ref = "main", check = new { command = Array.Empty<string>(), timeoutSeconds = 0 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("check");
        Assert.Equal(2, errors.GetArrayLength());
    }

    [Theory]
    [InlineData("python -c \"import torch; print(1)\"", new[] { "python", "-c", "import torch; print(1)" })]
    [InlineData("echo '$HOME ; rm -rf /'", new[] { "echo", "$HOME ; rm -rf /" })]
    [InlineData("a\\ b  c", new[] { "a b", "c" })]
    [InlineData("say \"\"", new[] { "say", "" })]
    public void Should_split_a_typed_check_into_words_without_expanding_anything(string typed, string[] expected)
    {
        var (words, error) = BuildInput.SplitCommand(typed);

        Assert.Null(error);
        Assert.Equal(expected, words);
    }

    [Fact]
    public void Should_refuse_an_unclosed_quote()
    {
        Assert.Equal("Check command has an unclosed \" quote.", BuildInput.SplitCommand("python -c \"oops").Error);
    }
}
