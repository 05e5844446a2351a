using BuildFarm.Contracts;
using BuildFarm.Shared.Builds;

namespace BuildFarm.Shared.Tests.Builds;

public class BuildSpecValidatorTests
{
    private static readonly BuildSpec Valid = new(
        Repository: "https://github.com/example/ml-images.git",
        Ref: "main",
        DockerfilePath: "Dockerfile",
        ContextPath: ".",
        Target: null,
        BuildArgs: new Dictionary<string, string> { ["CUDA_VERSION"] = "12.4.1" },
        Tags: ["localhost:5000/ml/torch:2.9-cu124"],
        NoCache: false,
        Pull: false);

    [Fact]
    public void Should_refuse_a_push_without_a_tag_and_accept_one_with_tags()
    {
        Assert.Equal(
            ["Push needs at least one tag: name where the image goes (registry.example.com/team/image:1.0)."],
            BuildSpecValidator.Validate(Valid with { Push = true, Tags = [] }, allowLocalRepositories: false));
        Assert.Empty(BuildSpecValidator.Validate(Valid with { Push = true }, allowLocalRepositories: false));
    }

    [Fact]
    public void Should_accept_a_valid_spec() => Assert.Empty(BuildSpecValidator.Validate(Valid, allowLocalRepositories: false));

    [Fact]
    public void Should_accept_a_subfolder_context_with_a_dockerfile_beside_it() =>
        Assert.Empty(BuildSpecValidator.Validate(
            Valid with { ContextPath = "images/torch/", DockerfilePath = "../docker/Dockerfile.gpu", Target = "Runtime" },
            allowLocalRepositories: false));

    [Fact]
    public void Should_reject_a_local_repository_unless_the_farm_allows_it()
    {
        var local = Valid with { Repository = "file:///srv/repos/ml-images.git" };

        Assert.Equal(
            ["Repository 'file:///srv/repos/ml-images.git' is a local path, and local repositories are not allowed on this farm."],
            BuildSpecValidator.Validate(local, allowLocalRepositories: false));
        Assert.Empty(BuildSpecValidator.Validate(local, allowLocalRepositories: true));
        Assert.Empty(BuildSpecValidator.Validate(local with { Repository = "/srv/repos/ml" }, allowLocalRepositories: true));
    }

    [Theory]
    [InlineData("", "Repository is required.")]
    [InlineData("github.com/example/repo", "Repository 'github.com/example/repo' is not a git URL: use https://, http://, ssh://, git://, git@host:path.")]
    [InlineData("ext::sh -c id", "Repository 'ext::sh -c id' is not a git URL")]
    public void Should_name_a_bad_repository(string repository, string expected) =>
        Assert.StartsWith(expected, Assert.Single(BuildSpecValidator.Validate(Valid with { Repository = repository }, false)));

    [Theory]
    [InlineData("", "Ref is required: name a branch, tag or commit.")]
    [InlineData("my branch", "Ref 'my branch' is not a valid git ref name: it contains a space.")]
    [InlineData("--upload-pack=x", "Ref '--upload-pack=x' is not a valid git ref name: it must not start with '-'.")]
    [InlineData("a..b", "Ref 'a..b' is not a valid git ref name: it contains '..'.")]
    [InlineData("main\0", "Ref 'main\0' is not a valid git ref name: it contains the control character U+0000.")]
    public void Should_name_a_bad_ref(string gitRef, string expected) =>
        Assert.Equal([expected], BuildSpecValidator.Validate(Valid with { Ref = gitRef }, false));

    [Theory]
    [InlineData("..", "Context path '..' must stay inside the repository: its '..' segments climb out of it.")]
    [InlineData("a/../../b", "Context path 'a/../../b' must stay inside the repository: its '..' segments climb out of it.")]
    [InlineData("/etc", "Context path '/etc' must stay inside the repository: write it relative, without a leading '/'.")]
    [InlineData("", "Context path is required: use \".\" for the repository root.")]
    [InlineData("a\\b", "Context path 'a\\b' must use '/' as the separator and hold no control characters.")]
    public void Should_keep_the_context_inside_the_repository(string context, string expected) =>
        Assert.Equal([expected], BuildSpecValidator.Validate(Valid with { ContextPath = context }, false));

    [Theory]
    [InlineData(".", "../Dockerfile", "Dockerfile path '../Dockerfile' must stay inside the repository: its '..' segments climb out of it.")]
    [InlineData("app", "../../Dockerfile", "Dockerfile path '../../Dockerfile' must stay inside the repository: its '..' segments climb out of it.")]
    [InlineData(".", "/Dockerfile", "Dockerfile path '/Dockerfile' must stay inside the repository: write it relative, without a leading '/'.")]
    [InlineData(".", "", "Dockerfile path is required.")]
    [InlineData(".", "docker/", "Dockerfile path 'docker/' must name a file, not a folder.")]
    [InlineData("app", "..", "Dockerfile path '..' must name a file, not a folder.")]
    [InlineData(".", "./.", "Dockerfile path './.' must name a file, not a folder.")]
    public void Should_keep_the_dockerfile_inside_the_repository(string context, string dockerfile, string expected) =>
        Assert.Equal([expected], BuildSpecValidator.Validate(Valid with { ContextPath = context, DockerfilePath = dockerfile }, false));

    [Theory]
    [InlineData("MyApp:v1", "Tag 'MyApp:v1' is not a valid image reference: repository name 'MyApp' must be lowercase.")]
    [InlineData("app:", "Tag 'app:' is not a valid image reference: the tag after ':' is empty.")]
    [InlineData("app@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa",
        "Tag 'app@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa' must not contain a digest: an image is tagged by name and tag only.")]
    public void Should_name_a_bad_tag(string tag, string expected) =>
        Assert.Equal([expected], BuildSpecValidator.Validate(Valid with { Tags = ["ok/app:1", tag] }, false));

    [Fact]
    public void Should_name_a_bad_build_argument() =>
        Assert.Equal(
            ["Build argument name 'CUDA-VERSION' is not valid: use letters, digits and '_', not starting with a digit."],
            BuildSpecValidator.Validate(Valid with { BuildArgs = new Dictionary<string, string> { ["CUDA-VERSION"] = "12" } }, false));

    [Theory]
    [InlineData("a\0b", "Build argument 'NOTE' holds the control character U+0000: only tabs and line breaks may appear in a value.")]
    [InlineData("\u001b[31mred", "Build argument 'NOTE' holds the control character U+001B: only tabs and line breaks may appear in a value.")]
    [InlineData("-----BEGIN KEY-----\r\n\tAAA\n-----END KEY-----", null)]
    public void Should_refuse_control_characters_in_a_build_argument_value_but_keep_line_breaks(string value, string? expected) =>
        Assert.Equal(expected is null ? [] : [expected],
            BuildSpecValidator.Validate(Valid with { BuildArgs = new Dictionary<string, string> { ["NOTE"] = value } }, false));

    [Theory]
    [InlineData("builder", null)]
    [InlineData("Build-Stage_2.final", null)]
    [InlineData("2nd", "Target stage '2nd' is not a valid stage name: it must start with a letter and hold only letters, digits, '-', '_' and '.'.")]
    [InlineData("a:b", "Target stage 'a:b' is not a valid stage name: it must start with a letter and hold only letters, digits, '-', '_' and '.'.")]
    [InlineData(" ", "Target stage is empty: leave it out to build the last stage.")]
    public void Should_check_the_target_stage_name(string target, string? expected) =>
        Assert.Equal(expected is null ? [] : [expected], BuildSpecValidator.Validate(Valid with { Target = target }, false));

    [Fact]
    public void Should_report_every_problem_at_once_in_field_order()
    {
        var errors = BuildSpecValidator.Validate(
            new BuildSpec("", "", "", "/", "1", new Dictionary<string, string> { ["1X"] = "" }, ["UPPER"], false, false),
            allowLocalRepositories: false);

        Assert.Collection(errors,
            e => Assert.StartsWith("Repository ", e),
            e => Assert.StartsWith("Ref ", e),
            e => Assert.StartsWith("Context path ", e),
            e => Assert.StartsWith("Target stage ", e),
            e => Assert.StartsWith("Build argument name ", e),
            e => Assert.StartsWith("Tag ", e));
        Assert.All(errors, e => Assert.EndsWith(".", e));
    }

    [Fact]
    public void Should_accept_required_labels_an_agent_can_carry() =>
        Assert.Empty(BuildSpecValidator.Validate(
            Valid with { RequiredLabels = new Dictionary<string, string> { ["gpu"] = "a100", ["topology.kubernetes.io/zone"] = "eu-1" } },
            allowLocalRepositories: false));

    [Fact]
    public void Should_refuse_required_labels_no_agent_could_carry_under_their_field()
    {
        var labels = new Dictionary<string, string> { ["gpu type"] = "a100", ["zone"] = " ", ["pool"] = "ml\n" };

        Assert.Equal(
            [
                "Required label name 'gpu type' is not valid: use letters, digits, '.', '-', '_' and '/', starting with a letter or digit.",
                "Required label 'zone' needs a value: agents are matched on name and value.",
                "Required label 'pool' has a value agents cannot carry: at most 256 characters, none of them control characters.",
            ],
            BuildSpecValidator.Validate(Valid with { RequiredLabels = labels }, allowLocalRepositories: false));
    }
}
