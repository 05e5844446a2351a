namespace BuildFarm.Cli;

/// <summary>farmctl's exit codes, documented in README.md; scripts branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Planned, queued, found, linted clean, or the watched build succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The Dockerfile has errors or lint findings, the farm refused the request, or the watched build failed or was cancelled.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or unreadable input: a missing file or folder, a malformed option, no server or token, a
    /// Dockerfile the lint cannot parse.</summary>
    public const int BadInput = 2;

    /// <summary>The farm could not be reached or answered with a server error.</summary>
    public const int Unreachable = 3;
}
