using System.Text.RegularExpressions;
using BuildFarm.Contracts;
using BuildFarm.Shared.References;

namespace BuildFarm.Shared.Builds;

/// <summary>Checks a <see cref="BuildSpec"/> before it is queued, so a bad request fails at once with reasons.</summary>
public static partial class BuildSpecValidator
{
    /// <summary>Every problem with the spec, each a full sentence naming the field; empty when the spec is valid.</summary>
    /// <param name="spec">The build request.</param>
    /// <param name="allowLocalRepositories">Whether this farm accepts file:// URLs and absolute paths as repositories.</param>
    /// <returns>The problems, in field order.</returns>
    public static IReadOnlyList<string> Validate(BuildSpec spec, bool allowLocalRepositories)
    {
        var errors = new List<string>();
        CheckRepository(spec.Repository, allowLocalRepositories, errors);
        CheckRef(spec.Ref, errors);
        var contextDepth = CheckPath("Context path", spec.ContextPath, 0, errors);
        if (contextDepth is not null)
        {
            CheckDockerfile(spec.DockerfilePath, contextDepth.Value, errors);
        }

        CheckTarget(spec.Target, errors);
        CheckBuildArgs(spec.BuildArgs ?? new Dictionary<string, string>(), errors);
        CheckTags(spec.Tags ?? [], errors);
        if (spec.Push && (spec.Tags ?? []).Count == 0)
        {
            errors.Add("Push needs at least one tag: name where the image goes (registry.example.com/team/image:1.0).");
        }

        CheckCheck(spec.Check, errors);
        CheckRequiredLabels(spec.RequiredLabels ?? new Dictionary<string, string>(), errors);
        return errors;
    }

    private static void CheckCheck(BuildCheck? check, List<string> errors)
    {
        if (check is null)
        {
            return;
        }

        if (check.Command.Count == 0 || string.IsNullOrWhiteSpace(check.Command[0]))
        {
            errors.Add("Check command must name a program to run in the image.");
        }

        if (check.TimeoutSeconds is < 1 or > 86_400)
        {
            errors.Add($"Check timeout must be between 1 and 86400 seconds, not {check.TimeoutSeconds}.");
        }
    }

    // Agents take their labels from configuration keys (Agent:Labels:gpu), and placement compares names and values
    // exactly: a name with spaces or '=' could never match one, and an empty value would read as "any".
    private static void CheckRequiredLabels(IReadOnlyDictionary<string, string> labels, List<string> errors)
    {
        foreach (var (name, value) in labels)
        {
            if (!LabelName().IsMatch(name))
            {
                errors.Add($"Required label name '{name}' is not valid: use letters, digits, '.', '-', '_' and '/', starting with a letter or digit.");
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"Required label '{name}' needs a value: agents are matched on name and value.");
            }
            else if (value.Length > 256 || value.Any(char.IsControl))
            {
                errors.Add($"Required label '{name}' has a value agents cannot carry: at most 256 characters, none of them control characters.");
            }
        }
    }

    private static void CheckRepository(string? repository, bool allowLocal, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            errors.Add("Repository is required.");
            return;
        }

        switch (GitRepositoryUrl.Classify(repository))
        {
            case GitRepositoryKind.Invalid:
                var local = allowLocal ? ", file:// or an absolute path" : "";
                errors.Add($"Repository '{repository}' is not a git URL: use https://, http://, ssh://, git://, git@host:path{local}.");
                break;
            case GitRepositoryKind.Local when !allowLocal:
                errors.Add($"Repository '{repository}' is a local path, and local repositories are not allowed on this farm.");
                break;
        }
    }

    private static void CheckRef(string? gitRef, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(gitRef))
        {
            errors.Add("Ref is required: name a branch, tag or commit.");
        }
        else if (GitRefName.Problem(gitRef) is { } problem)
        {
            errors.Add($"Ref '{gitRef}' is not a valid git ref name: {problem}.");
        }
    }

    private static void CheckDockerfile(string? path, int contextDepth, List<string> errors)
    {
        if (CheckPath("Dockerfile path", path, contextDepth, errors) is null)
        {
            return;
        }

        var last = path!.Split('/')[^1];
        if (path.EndsWith('/') || last is "." or ".." || Clean(path) == ".")
        {
            errors.Add($"Dockerfile path '{path}' must name a file, not a folder.");
        }
    }

    // Returns the folder depth the path reaches below the repository root, or null when it is unusable.
    // The Dockerfile path starts from the context folder, so it may climb as far as the root but no further.
    private static int? CheckPath(string field, string? path, int startDepth, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add(field == "Context path"
                ? "Context path is required: use \".\" for the repository root."
                : "Dockerfile path is required.");
            return null;
        }

        if (path.Any(char.IsControl) || path.Contains('\\'))
        {
            errors.Add($"{field} '{path}' must use '/' as the separator and hold no control characters.");
            return null;
        }

        if (path[0] == '/' || path == "~" || path.StartsWith("~/") || (path.Length > 1 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            errors.Add($"{field} '{path}' must stay inside the repository: write it relative, without a leading '/'.");
            return null;
        }

        var depth = startDepth;
        foreach (var segment in path.Split('/'))
        {
            depth += segment switch { "" or "." => 0, ".." => -1, _ => 1 };
            if (depth < 0)
            {
                errors.Add($"{field} '{path}' must stay inside the repository: its '..' segments climb out of it.");
                return null;
            }
        }

        return depth;
    }

    private static string Clean(string path) =>
        string.Join('/', path.Split('/').Where(s => s is not ("" or "."))) is { Length: > 0 } joined ? joined : ".";

    private static void CheckTarget(string? target, List<string> errors)
    {
        if (target is null)
        {
            return;
        }

        // BuildKit lower-cases stage names, then requires ^[a-z][a-z0-9-_.]*$ (dockerfile instructions/parse.go).
        if (!StageName().IsMatch(target.ToLowerInvariant()))
        {
            errors.Add(target.Trim().Length == 0
                ? "Target stage is empty: leave it out to build the last stage."
                : $"Target stage '{target}' is not a valid stage name: it must start with a letter and hold only letters, digits, '-', '_' and '.'.");
        }
    }

    private static void CheckBuildArgs(IReadOnlyDictionary<string, string> buildArgs, List<string> errors)
    {
        foreach (var (name, value) in buildArgs)
        {
            if (!BuildArgName.IsValid(name))
            {
                errors.Add($"Build argument name '{name}' is not valid: use letters, digits and '_', not starting with a digit.");
            }
            else if (value.Where(IsForbiddenInValue).Select(c => (char?)c).FirstOrDefault() is { } control)
            {
                errors.Add($"Build argument '{name}' holds the control character U+{(int)control:X4}: only tabs and line breaks may appear in a value.");
            }
        }
    }

    private static void CheckTags(IReadOnlyList<string> tags, List<string> errors)
    {
        foreach (var tag in tags)
        {
            if (!ImageReference.TryParse(tag, out var reference, out var problem))
            {
                errors.Add($"Tag '{tag}' is not a valid image reference: {problem}.");
            }
            else if (reference.Digest is not null)
            {
                errors.Add($"Tag '{tag}' must not contain a digest: an image is tagged by name and tag only.");
            }
        }
    }

    // A value reaches the engine as an environment variable, where NUL cuts it short and escape sequences repaint the
    // terminal of whoever reads the build's log; tabs and line breaks are ordinary text (a PEM key spans lines).
    private static bool IsForbiddenInValue(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    [GeneratedRegex(@"^[a-z][a-z0-9_.-]*\z")]
    private static partial Regex StageName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}\z")]
    private static partial Regex LabelName();
}
