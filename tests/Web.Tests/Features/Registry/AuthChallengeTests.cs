using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class AuthChallengeTests
{
    [Fact]
    public void Should_read_the_token_specs_example_challenge_with_commas_inside_the_scope()
    {
        var challenge = AuthChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["service"]);
        Assert.Equal("repository:samalba/my-app:pull,push", challenge["scope"]);
    }

    [Fact]
    public void Should_accept_tokens_spaces_and_escaped_quotes()
    {
        var challenge = AuthChallenge.Parse("Basic realm=\"say \\\"hi\\\"\", charset=UTF-8");

        Assert.True(challenge.IsBasic);
        Assert.Equal("say \"hi\"", challenge["realm"]);
        Assert.Equal("UTF-8", challenge["Charset"]);
    }

    [Fact]
    public void Should_list_bearer_before_basic_when_a_registry_offers_both()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"Registry\"");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example/token\",service=\"example\"");

        var challenges = AuthChallenge.From(response);

        Assert.Equal(["Bearer", "Basic"], challenges.Select(c => c.Scheme));
    }
}
