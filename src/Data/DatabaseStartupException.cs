namespace BuildFarm.Data;

/// <summary>
/// The database cannot be used at start (unreachable, refused, misconfigured). The message says what and where, and
/// is all an operator needs: the host logs an exception that stops start-up with ToString(), so it is kept to the
/// message instead of a wall of driver stack frames that bury the one line that matters.
/// </summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner)
{
    public override string ToString() => $"{GetType().Name}: {Message}";
}
