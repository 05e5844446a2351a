namespace BuildFarm.Shared.Dockerfiles.Semantics;

/// <summary>
/// The stages' dependencies: a stage needs the stage it is built FROM and every stage it copies or mounts from.
/// BuildKit builds only what the target reaches (isReachable) and refuses circular references
/// ("circular dependency detected on stage: …", dockerfile2llb hasCircularDependency).
/// </summary>
internal static class StageGraph
{
    public static IReadOnlyList<DockerfileStage>? Resolve(IReadOnlyList<DockerfileStage> stages, string? target, out string? error)
    {
        error = null;
        if (stages.Count == 0)
        {
            error = "the Dockerfile has no build stage";
            return null;
        }

        var root = stages[^1];
        if (target is not null)
        {
            var named = stages.LastOrDefault(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase));
            if (named is null)
            {
                error = $"target stage \"{target}\" could not be found";
                return null;
            }

            root = named;
        }

        if (FindCycle(stages, root.Index) is { } cycle)
        {
            error = $"circular dependency detected on stage: {stages[cycle.Stage].DisplayName}";
            return null;
        }

        var needed = new bool[stages.Count];
        var pending = new Stack<int>([root.Index]);
        while (pending.TryPop(out var index))
        {
            if (needed[index])
            {
                continue;
            }

            needed[index] = true;
            foreach (var (dependency, _) in Dependencies(stages[index]))
            {
                pending.Push(dependency);
            }
        }

        return stages.Where(s => needed[s.Index]).ToArray();
    }

    /// <summary>The first cycle a depth-first walk from each stage in file order (or from one stage) meets.</summary>
    /// <returns>The stage the walk started from and the line of the reference that leaves it, or null.</returns>
    public static (int Stage, int Line)? FindCycle(IReadOnlyList<DockerfileStage> stages, int? only = null)
    {
        var state = new byte[stages.Count]; // 0 new, 1 on the current path, 2 done
        foreach (var stage in stages)
        {
            if (only is { } o && stage.Index != o)
            {
                continue;
            }

            foreach (var (dependency, line) in Dependencies(stage))
            {
                state[stage.Index] = 1;
                if (Visit(stages, dependency, state))
                {
                    return (stage.Index, line);
                }
            }

            state[stage.Index] = 2;
        }

        return null;
    }

    private static bool Visit(IReadOnlyList<DockerfileStage> stages, int start, byte[] state)
    {
        // Iterative, so a file with tens of thousands of chained stages cannot overflow the stack.
        if (state[start] != 0)
        {
            return state[start] == 1;
        }

        state[start] = 1;
        var path = new Stack<(int Stage, IEnumerator<(int Stage, int Line)> Next)>();
        path.Push((start, Dependencies(stages[start]).GetEnumerator()));
        while (path.TryPeek(out var top))
        {
            if (!top.Next.MoveNext())
            {
                state[top.Stage] = 2;
                path.Pop();
                continue;
            }

            var dependency = top.Next.Current.Stage;
            if (state[dependency] == 1)
            {
                return true;
            }

            if (state[dependency] == 0)
            {
                state[dependency] = 1;
                path.Push((dependency, Dependencies(stages[dependency]).GetEnumerator()));
            }
        }

        return false;
    }

    private static IEnumerable<(int Stage, int Line)> Dependencies(DockerfileStage stage)
    {
        if (stage.BaseStageIndex is { } parent)
        {
            yield return (parent, stage.Line);
        }

        foreach (var step in stage.Steps)
        {
            if (step.FromStageIndex is { } from)
            {
                yield return (from, step.StartLine);
            }

            foreach (var mount in step.Mounts)
            {
                if (mount.FromStageIndex is { } source)
                {
                    yield return (source, step.StartLine);
                }
            }
        }
    }
}
