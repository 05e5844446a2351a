using System.Text;

namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>
/// Collects the words of lex.go ProcessWords: unquoted whitespace (including whitespace that came out of a
/// variable) ends a word; quoted text and escaped characters never do. An empty quoted string makes no word.
/// </summary>
internal sealed class WordSplitter
{
    private readonly StringBuilder _word = new();
    private readonly List<string> _words = [];
    private bool _inWord;

    public void AddCharacter(int ch)
    {
        if (char.IsWhiteSpace((char)ch))
        {
            if (_inWord && _word.Length != 0)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }

            return;
        }

        AddLiteral(ch);
    }

    public void AddLiteral(int ch)
    {
        _word.Append((char)ch);
        _inWord = true;
    }

    public void AddExpanded(string value)
    {
        foreach (var ch in value)
        {
            AddCharacter(ch);
        }
    }

    public void AddLiteral(string value)
    {
        _word.Append(value);
        _inWord = true;
    }

    public List<string> Finish()
    {
        if (_word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
            _inWord = false;
        }

        return _words;
    }
}
