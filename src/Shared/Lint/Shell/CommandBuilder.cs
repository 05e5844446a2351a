using System.Text;

namespace BuildFarm.Shared.Lint.Shell;

/// <summary>What a redirection operator does with the word after it.</summary>
internal enum Redirect
{
    None,
    Target,
    Document,
    TabStrippedDocument,
}

/// <summary>Collects words into commands as <see cref="ShellScript"/> reads them: redirection targets are dropped,
/// here-document delimiters remembered until their bodies come.</summary>
internal sealed class CommandBuilder
{
    private readonly StringBuilder _word = new();
    private bool _inWord;
    private Redirect _redirect;

    public List<ShellCommand> Commands { get; } = [];

    public ShellCommand Current { get; private set; } = new();

    /// <summary>Here-documents opened on the current line, in order, waiting for the line to end.</summary>
    public List<(ShellCommand Reader, string Delimiter, bool StripTabs)> PendingDocuments { get; } = [];

    public bool InWord => _inWord;

    public void Append(char c)
    {
        _word.Append(c);
        _inWord = true;
    }

    public void Append(string s)
    {
        _word.Append(s);
        _inWord = true;
    }

    /// <summary>A quoted empty string is still a word.</summary>
    public void StartWord() => _inWord = true;

    /// <summary>Drops a word of digits right before a redirection: a file descriptor (2&gt;&amp;1), not an argument.</summary>
    public void DropDescriptor()
    {
        if (_inWord && _word.Length > 0 && _word.ToString().All(char.IsAsciiDigit))
        {
            _word.Clear();
            _inWord = false;
        }
    }

    public void StartRedirect(Redirect kind)
    {
        EndWord();
        _redirect = kind;
        if (kind is Redirect.Document or Redirect.TabStrippedDocument)
        {
            Current.OpensDocument = true;
        }
    }

    public void EndWord()
    {
        if (!_inWord)
        {
            return;
        }

        var word = _word.ToString();
        _word.Clear();
        _inWord = false;
        var redirect = _redirect;
        _redirect = Redirect.None;
        switch (redirect)
        {
            case Redirect.None:
                Current.Words.Add(word);
                break;
            case Redirect.Document or Redirect.TabStrippedDocument:
                PendingDocuments.Add((Current, word, redirect == Redirect.TabStrippedDocument));
                break;
        }
    }

    public void EndCommand(bool pipe)
    {
        EndWord();
        _redirect = Redirect.None;
        if (Current.Words.Count > 0 || Current.OpensDocument || Current.Substituted.Count > 0)
        {
            Commands.Add(Current);
        }

        Current = new ShellCommand { ReadsPipe = pipe };
    }

    /// <summary>Reads the bodies of the documents opened on the line that just ended, which start at
    /// <paramref name="pos"/> in the order their operators were written, and gives each to its reader.</summary>
    public void ReadDocuments(string text, ref int pos)
    {
        foreach (var (reader, delimiter, stripTabs) in PendingDocuments)
        {
            var body = new StringBuilder();
            while (pos < text.Length)
            {
                var newline = text.IndexOf('\n', pos);
                var end = newline < 0 ? text.Length : newline;
                var line = text.AsSpan(pos, end - pos).TrimEnd('\r');
                pos = Math.Min(end + 1, text.Length);
                if ((stripTabs ? line.TrimStart('\t') : line).SequenceEqual(delimiter))
                {
                    break;
                }

                body.Append(line).Append('\n');
            }

            reader.AddDocument(body.ToString());
        }

        PendingDocuments.Clear();
    }
}
