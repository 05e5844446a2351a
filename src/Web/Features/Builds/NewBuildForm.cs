using BuildFarm.Contracts;

namespace BuildFarm.Web.Features.Builds;

/// <summary>What the new-build form posts. Build args and tags stay text until submitted, as the user typed them.</summary>
public sealed class NewBuildForm
{
    public string? Repository { get; set; }
    public string? Ref { get; set; }
    public string? DockerfilePath { get; set; } = "Dockerfile";
    public string? ContextPath { get; set; } = ".";
    public string? Target { get; set; }
    public string? BuildArgs { get; set; }
    public string? Tags { get; set; }
    public bool NoCache { get; set; }
    public bool Pull { get; set; }
    public bool Release { get; set; }
    public bool Push { get; set; }
    public string? CheckCommand { get; set; }
    public bool CheckGpus { get; set; }
    public string? RequiredLabels { get; set; }
    /// <summary>Made when the form is first shown and posted with it: the same form posted twice queues one build.</summary>
    public string? SubmissionKey { get; set; }

    /// <summary>The spec and every problem with it: the text's own shape first, then the shared validator's rules.</summary>
    public (BuildSpec Spec, List<string> Errors) ToSpec(Func<BuildSpec, IReadOnlyList<string>> validate)
    {
        var (args, errors) = BuildInput.ParseBuildArgs(BuildArgs);
        var (labels, labelErrors) = BuildInput.ParseRequiredLabels(RequiredLabels);
        errors.AddRange(labelErrors);
        var spec = BuildInput.ToSpec(Repository, Ref, DockerfilePath, ContextPath, Target, args, BuildInput.ParseTags(Tags), NoCache, Pull, labels, Release, Push);
        if (!string.IsNullOrWhiteSpace(CheckCommand))
        {
            var (words, error) = BuildInput.SplitCommand(CheckCommand);
            if (error is not null)
                errors.Add(error);
            spec = spec with { Check = new BuildCheck(words, CheckGpus, Typed: CheckCommand.Trim()) };
        }
        errors.AddRange(validate(spec));
        return (spec, errors);
    }

    public static NewBuildForm From(BuildSpec spec) => new()
    {
        Repository = spec.Repository,
        Ref = spec.Ref,
        DockerfilePath = spec.DockerfilePath,
        ContextPath = spec.ContextPath,
        Target = spec.Target,
        BuildArgs = BuildInput.FormatBuildArgs(spec.BuildArgs),
        Tags = string.Join('\n', spec.Tags),
        NoCache = spec.NoCache,
        Pull = spec.Pull,
        Release = spec.Release,
        Push = spec.Push,
        CheckCommand = spec.Check is null ? null : spec.Check.Typed ?? BuildInput.JoinCommand(spec.Check.Command),
        CheckGpus = spec.Check?.Gpus ?? false,
        RequiredLabels = BuildInput.FormatRequiredLabels(spec.RequiredLabels),
    };
}
