using System.Text.RegularExpressions;

namespace BuildFarm.Shared.References;

/// <summary>Recognizes the git repository addresses a build may name.</summary>
public static partial class GitRepositoryUrl
{
    private static readonly string[] RemoteSchemes = ["https", "http", "ssh", "git"];

    /// <summary>Classifies a repository string.</summary>
    /// <param name="repository">The repository as the user wrote it.</param>
    /// <returns><see cref="GitRepositoryKind.Remote"/>, <see cref="GitRepositoryKind.Local"/>, or
    /// <see cref="GitRepositoryKind.Invalid"/> for anything else, including strings git could read as an
    /// option (a leading '-') or a helper transport such as "ext::".</returns>
    public static GitRepositoryKind Classify(string? repository)
    {
        if (string.IsNullOrWhiteSpace(repository) || repository[0] == '-'
            || repository.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return GitRepositoryKind.Invalid;
        }

        if (repository[0] == '/')
        {
            return GitRepositoryKind.Local;
        }

        if (repository.Contains("://"))
        {
            return ClassifyUrl(repository);
        }

        // git reads "user@host:path" as scp-like ssh only when no '/' comes before the first ':'.
        return ScpLike().IsMatch(repository) ? GitRepositoryKind.Remote : GitRepositoryKind.Invalid;
    }

    private static GitRepositoryKind ClassifyUrl(string repository)
    {
        if (!Uri.TryCreate(repository, UriKind.Absolute, out var uri))
        {
            return GitRepositoryKind.Invalid;
        }

        if (uri.Scheme == Uri.UriSchemeFile)
        {
            return uri.IsUnc || uri.AbsolutePath.Length <= 1 ? GitRepositoryKind.Invalid : GitRepositoryKind.Local;
        }

        var hasRepositoryPath = uri.AbsolutePath.Trim('/').Length > 0;
        return RemoteSchemes.Contains(uri.Scheme) && uri.Host.Length > 0 && hasRepositoryPath
            ? GitRepositoryKind.Remote
            : GitRepositoryKind.Invalid;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(?!-)[^:\s]+\z")]
    private static partial Regex ScpLike();
}
