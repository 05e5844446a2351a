namespace BuildFarm.Shared.Lint;

/// <summary>Every rule of the Dockerfile cache lint. Ids are stable: waivers and scripts name them.</summary>
public static class LintRules
{
    /// <summary>FROM without a tag, or with a tag that moves by design (latest, nightly, …), and no digest.</summary>
    public static readonly LintRule BaseLatest = new("base-latest", LintSeverity.Error, "base image on a floating tag");

    /// <summary>FROM with a version tag but no digest.</summary>
    public static readonly LintRule BaseNotPinned = new("base-not-pinned", LintSeverity.Warning, "base image not pinned by digest");

    /// <summary>A COPY/ADD of the whole context before an install that does not read it.</summary>
    public static readonly LintRule BroadCopyBeforeInstall = new("broad-copy-before-install", LintSeverity.Warning, "whole context copied before an install");

    /// <summary>An install whose manifest arrives with other files (a broad or mixed COPY) instead of on its own.</summary>
    public static readonly LintRule ManifestNotCopiedFirst = new("manifest-not-copied-first", LintSeverity.Warning, "dependency manifest not copied on its own before the install");

    /// <summary>apt-get update in a RUN without the install that reads its lists.</summary>
    public static readonly LintRule AptUpdateAlone = new("apt-update-alone", LintSeverity.Error, "apt-get update not in the same RUN as apt-get install");

    /// <summary>pip, apt or conda installs that leave their download cache in the layer and use no cache mount.</summary>
    public static readonly LintRule InstallWithoutCache = new("install-without-cache", LintSeverity.Warning, "install without a cache mount or cache cleanup");

    /// <summary>pip requirements on the command line without an exact == version.</summary>
    public static readonly LintRule PipUnpinned = new("pip-unpinned", LintSeverity.Warning, "unpinned pip requirement on the command line");

    /// <summary>A RUN that fetches something that moves (a branch, a script from a URL) into a layer reused forever.</summary>
    public static readonly LintRule MovingRemote = new("moving-remote", LintSeverity.Warning, "RUN fetches a moving remote");

    /// <summary>ADD of a URL or git repository without a checksum or commit.</summary>
    public static readonly LintRule AddUrl = new("add-url", LintSeverity.Warning, "ADD of a remote URL without a checksum");

    /// <summary>A large context sent without a .dockerignore to a Dockerfile that copies all of it.</summary>
    public static readonly LintRule ContextWithoutDockerIgnore = new("context-without-dockerignore", LintSeverity.Warning, "large build context without a .dockerignore");

    /// <summary>A waiver comment naming an unknown rule or giving no reason.</summary>
    public static readonly LintRule BadWaiver = new("bad-waiver", LintSeverity.Warning, "waiver comment without a known rule or a reason");

    /// <summary>Every rule, in the order docs/lint-rules.md lists them.</summary>
    public static readonly IReadOnlyList<LintRule> All =
    [
        BaseLatest, BaseNotPinned, BroadCopyBeforeInstall, ManifestNotCopiedFirst, AptUpdateAlone, InstallWithoutCache,
        PipUnpinned, MovingRemote, AddUrl, ContextWithoutDockerIgnore, BadWaiver,
    ];

    /// <summary>The rule with this id, or null.</summary>
    /// <param name="id">A rule id, case-sensitive.</param>
    /// <returns>The rule, or null when no rule has that id.</returns>
    public static LintRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
