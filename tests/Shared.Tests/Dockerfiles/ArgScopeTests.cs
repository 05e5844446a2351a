using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.Tests.Dockerfiles;

public class ArgScopeTests
{
    private static Dictionary<string, string> Args(params (string Key, string Value)[] args) =>
        args.ToDictionary(a => a.Key, a => a.Value);

    [Fact]
    public void Should_expand_build_args_in_FROM()
    {
        // Docs, "Understand how ARG and FROM interact".
        var text = "ARG  CODE_VERSION=latest\nFROM base:${CODE_VERSION}\nCMD  /code/run-app\n\nFROM extras:${CODE_VERSION}\nCMD  /code/run-extras\n";

        Assert.Equal(["base:latest", "extras:latest"], DockerfileParser.Parse(text).Stages.Select(s => s.BaseReference));
        Assert.Equal(["base:1.2", "extras:1.2"],
            DockerfileParser.Parse(text, Args(("CODE_VERSION", "1.2"))).Stages.Select(s => s.BaseReference));
    }

    [Fact]
    public void Should_keep_global_args_out_of_a_stage_until_it_redeclares_them()
    {
        // Docs: "To use the default value of an ARG declared before the first FROM use an ARG instruction without a value".
        var result = DockerfileParser.Parse("ARG VERSION=latest\nFROM busybox:$VERSION\nRUN echo $VERSION\nARG VERSION\nRUN echo $VERSION > image_version");

        var steps = result.Stages[0].Steps;
        Assert.Equal([new DockerfileVariable("VERSION", "latest")], result.GlobalArgs);
        Assert.Empty(steps[0].ArgsInScope);
        Assert.Equal([new DockerfileVariable("VERSION", "latest")], steps[2].ArgsInScope);
    }

    [Fact]
    public void Should_let_build_args_override_arg_defaults_and_expose_args_in_scope_per_step()
    {
        // Docs, "Scope": USER expands to some_user before the ARG and to the build arg after it.
        var text = "FROM busybox\nUSER ${username:-some_user}\nARG username\nUSER $username\n";
        var result = DockerfileParser.Parse(text, Args(("username", "what_user")));

        var steps = result.Stages[0].Steps;
        Assert.Equal(["some_user"], steps[0].Arguments);
        Assert.Equal(["what_user"], steps[2].Arguments);
        Assert.Equal([new DockerfileVariable("username", "what_user")], steps[2].ArgsInScope);
        Assert.Empty(steps[1].ArgsInScope);
    }

    [Fact]
    public void Should_let_env_override_an_arg_of_the_same_name()
    {
        // Docs, "Using ARG variables": ENV CONT_IMG_VER=v1.0.0 wins over --build-arg CONT_IMG_VER=v2.0.1.
        var text = "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=v1.0.0\nRUN echo $CONT_IMG_VER\nENV B=${CONT_IMG_VER}\n";
        var result = DockerfileParser.Parse(text, Args(("CONT_IMG_VER", "v2.0.1")));

        var steps = result.Stages[0].Steps;
        Assert.Equal([new DockerfileVariable("CONT_IMG_VER", "v2.0.1")], steps[2].ArgsInScope);
        Assert.Equal([new DockerfileVariable("CONT_IMG_VER", "v1.0.0")], steps[2].EnvInScope);
        Assert.Equal("ENV B=v1.0.0", steps[3].Text);
    }

    [Fact]
    public void Should_default_env_from_an_arg()
    {
        // Docs: ENV CONT_IMG_VER=${CONT_IMG_VER:-v1.0.0}.
        var text = "FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=${CONT_IMG_VER:-v1.0.0}\nRUN echo $CONT_IMG_VER\n";

        Assert.Equal("v1.0.0", DockerfileParser.Parse(text).Stages[0].Steps[2].EnvInScope[0].Value);
        Assert.Equal("v2", DockerfileParser.Parse(text, Args(("CONT_IMG_VER", "v2"))).Stages[0].Steps[2].EnvInScope[0].Value);
    }

    [Fact]
    public void Should_scope_args_per_stage_and_inherit_them_in_stages_built_on_a_stage()
    {
        // docs/build/building/variables "Scoping" and moby/buildkit#5381: a child stage inherits its parent's ARGs.
        var text = "FROM alpine AS base\nARG NAME=joe\nENV GREETING=hello\n\nFROM base AS build\nRUN echo \"$GREETING $NAME!\"\n\nFROM alpine\nRUN echo $NAME\n";
        var result = DockerfileParser.Parse(text);

        var build = result.Stages[1].Steps[0];
        Assert.Equal([new DockerfileVariable("NAME", "joe")], build.ArgsInScope);
        Assert.Equal([new DockerfileVariable("GREETING", "hello")], build.EnvInScope);
        Assert.Empty(result.Stages[2].Steps[0].ArgsInScope);
    }

    [Fact]
    public void Should_provide_platform_args_in_global_scope_and_after_a_bare_arg()
    {
        var text = "FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build\n";

        var defaults = DockerfileParser.Parse(text);
        Assert.Equal("linux/amd64", defaults.Stages[0].Platform);
        Assert.Equal([new DockerfileVariable("TARGETOS", "linux"), new DockerfileVariable("TARGETARCH", "amd64")],
            defaults.Stages[0].Steps[1].ArgsInScope);

        var arm = DockerfileParser.Parse(text, Args(("TARGETPLATFORM", "linux/arm64/v8")));
        Assert.Equal("linux/amd64", arm.Stages[0].Platform);
        Assert.Equal("arm64", arm.Stages[0].Steps[1].ArgsInScope[1].Value);
    }

    [Fact]
    public void Should_not_provide_platform_args_inside_a_stage_without_declaring_them()
    {
        var result = DockerfileParser.Parse("FROM alpine\nENV P=${TARGETPLATFORM}");

        Assert.Equal("ENV P=", result.Stages[0].Steps[0].Text);
        Assert.Equal(["TARGETPLATFORM"], result.Stages[0].Steps[0].UnsetVariables);
    }

    [Fact]
    public void Should_expand_global_arg_defaults_with_earlier_global_args()
    {
        var text = "ARG REGISTRY=registry.local:5000\nARG IMAGE=${REGISTRY}/ml/base\nFROM ${IMAGE}:1\n";

        Assert.Equal("registry.local:5000/ml/base:1", DockerfileParser.Parse(text).Stages[0].BaseReference);
    }

    [Fact]
    public void Should_declare_several_args_on_one_line_and_keep_args_without_value()
    {
        var result = DockerfileParser.Parse("FROM alpine\nARG A=1 B C=\"x y\"\nRUN true");

        Assert.Equal([new DockerfileVariable("A", "1"), new DockerfileVariable("B", null), new DockerfileVariable("C", "x y")],
            result.Stages[0].Steps[1].ArgsInScope);
        Assert.Equal(["A=1", "B", "C=x y"], result.Stages[0].Steps[0].Arguments);
    }

    [Fact]
    public void Should_not_leak_run_args_into_the_text_because_the_shell_expands_them()
    {
        var result = DockerfileParser.Parse("FROM alpine\nARG PKG=curl\nRUN apk add $PKG");

        var run = result.Stages[0].Steps[1];
        Assert.Equal("RUN apk add $PKG", run.Text);
        Assert.Equal("RUN apk add curl", run.DisplayName);
        Assert.Equal([new DockerfileVariable("PKG", "curl")], run.ArgsInScope);
    }
}
