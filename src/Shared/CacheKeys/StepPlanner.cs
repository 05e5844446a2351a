using BuildFarm.Shared.Dockerfiles;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// The key of one step after FROM: the previous step's key, the step's text, the ARGs it sees, its heredocs, and
/// what it reads (context files, another stage's final key, an image). A stage a step copies or mounts from is
/// planned through <c>planStage</c> first, so its final key is known.
/// </summary>
internal sealed class StepPlanner(
    IReadOnlyDictionary<string, string> buildArgs,
    IReadOnlyList<ContextFile>? files,
    BaseDigests digests,
    Func<int, ChainStage> planStage)
{
    private static readonly HashSet<string> VertexKeywords = ["RUN", "COPY", "ADD", "WORKDIR"];

    public ChainStep Plan(DockerfileStep step, int index, ChainStep previous)
    {
        using var hasher = new KeyHasher("step");
        hasher.Text(previous.Key).Text(step.Text);

        var args = ArgsSeenBy(step);
        hasher.Number(args.Count);
        foreach (var (name, value) in args)
        {
            hasher.Text(name).Text(value);
        }

        hasher.Number(step.Heredocs.Count);
        foreach (var heredoc in step.Heredocs)
        {
            hasher.Text(heredoc.Name).Text(heredoc.Content);
        }

        var inputs = new StepInputs();
        ReadInputs(step, inputs);
        inputs.WriteTo(hasher);

        return new ChainStep
        {
            Index = index,
            Line = step.StartLine,
            Keyword = step.Keyword,
            Instruction = step.DisplayName,
            Key = hasher.Finish(),
            SourcesHashed = inputs.HashedPaths(),
            SourceBlobs = inputs.HashedBlobs(),
            MissingSources = inputs.Missing,
            SourceStages = inputs.Stages,
            Unhashed = inputs.Unhashed,
            Predictable = previous.Predictable && inputs.Predictable,
            HasVertex = VertexKeywords.Contains(step.Keyword),
        };
    }

    // The caller's build arg wins over the default the parser saw, so a result parsed without the args still keys right.
    private List<(string Name, string? Value)> ArgsSeenBy(DockerfileStep step)
    {
        var args = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var arg in step.ArgsInScope)
        {
            args[arg.Name] = buildArgs.TryGetValue(arg.Name, out var given) ? given : arg.Value;
        }

        return args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)).ToList();
    }

    private void ReadInputs(DockerfileStep step, StepInputs inputs)
    {
        if (step.Keyword is "COPY" or "ADD")
        {
            if (step.From is not null)
            {
                FromOtherImage(step.From, step.FromStageIndex, inputs);
                return;
            }

            foreach (var source in step.SourcePaths)
            {
                if (step.Keyword == "ADD" && ContextSelection.IsRemote(source))
                {
                    inputs.Add("remote", source);
                }
                else
                {
                    FromContext(source, inputs);
                }
            }

            return;
        }

        foreach (var mount in step.Mounts)
        {
            if (mount.From is not null)
            {
                if (mount.Type is "bind" or "cache")
                {
                    FromOtherImage(mount.From, mount.FromStageIndex, inputs);
                }
            }
            else if (mount.Type == "bind")
            {
                FromContext(mount.Source ?? ".", inputs);
            }
        }
    }

    private void FromOtherImage(string from, int? stageIndex, StepInputs inputs)
    {
        if (stageIndex is { } index)
        {
            var stage = planStage(index);
            inputs.AddStage(index, stage.FinalKey, stage.Predictable);
        }
        else if (digests.Find(from) is { } digest)
        {
            inputs.Add("image", digest);
        }
        else
        {
            inputs.Add("image-reference", from);
        }
    }

    private void FromContext(string source, StepInputs inputs)
    {
        if (files is null)
        {
            inputs.AddUnhashed(source);
            return;
        }

        var selected = ContextSelection.Select(files, source);
        inputs.AddContext(source, selected, missing: selected.Count == 0 && !GoPathPattern.HasWildcards(source));
    }
}
