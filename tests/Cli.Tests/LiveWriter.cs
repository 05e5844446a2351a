using System.Text;

namespace BuildFarm.Cli.Tests;

/// <summary>A writer a running command prints to while the test reads it and waits for lines to appear.</summary>
public sealed class LiveWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly SemaphoreSlim _written = new(0);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }

        _written.Release();
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }

        _written.Release();
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until the text contains <paramref name="expected"/>, woken by each write, failing after 10 s.</summary>
    public async Task WaitForAsync(string expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!ToString().Contains(expected, StringComparison.Ordinal))
        {
            try
            {
                await _written.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"'{expected}' was not printed within 10 s. Printed so far:\n{this}");
            }
        }
    }
}
