namespace BuildFarm.Shared.Lint.Shell;

/// <summary>
/// One simple command of a RUN's script: its words with quotes removed and escapes processed (variables are left
/// as written, since their values belong to the build), how it is fed, and what runs inside it.
/// </summary>
internal sealed class ShellCommand
{
    public List<string> Words { get; } = [];

    /// <summary>True when its standard input is the previous command's output (<c>a | b</c>).</summary>
    public bool ReadsPipe { get; init; }

    // Most commands have neither: the lists are made on first use.
    private List<ShellCommand>? _substituted;
    private List<string>? _documents;

    /// <summary>The commands of its <c>$( )</c>, backquote and <c>&lt;( )</c> substitutions.</summary>
    public IReadOnlyList<ShellCommand> Substituted => _substituted ?? [];

    /// <summary>The bodies of the here-documents it reads (<c>bash &lt;&lt;EOF</c>).</summary>
    public IReadOnlyList<string> Documents => _documents ?? [];

    /// <summary>Set when a here-document was opened on it, so a bare <c>&lt;&lt;EOF</c> is kept without words.</summary>
    public bool OpensDocument { get; set; }

    public void AddSubstituted(IEnumerable<ShellCommand> commands) => (_substituted ??= []).AddRange(commands);

    public void AddDocument(string body) => (_documents ??= []).Add(body);

    public override string ToString() => string.Join(' ', Words);
}
