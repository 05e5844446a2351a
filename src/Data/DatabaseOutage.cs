using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildFarm.Data;

/// <summary>
/// Tells a database that is away (refused, reset, shut down, still starting) from a request or message that is wrong:
/// during an outage nothing about the work is at fault and the same work succeeds once the database is back, so Web
/// answers 503 with <see cref="Sentence"/> and consumers hold their message and try again, where any other failure is
/// a bug or a conflict to report.
/// </summary>
public sealed class DatabaseOutage(DatabaseSettings settings)
{
    /// <summary>SQLSTATEs of a server that is there but not taking work: class 08 is the connection itself.</summary>
    static readonly HashSet<string> ServerAway = ["57P01", "57P02", "57P03", "53300"];

    const int SqliteCannotOpen = 14;

    /// <summary>Whether <paramref name="e"/> (or what it wraps: EF puts the driver's error inside its own) says the
    /// database could not be reached, rather than that it refused the work.</summary>
    public static bool Is(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal) || ServerAway.Contains(p.SqlState);
                // Npgsql's own errors (not the server's) are transient exactly when the connection broke or timed out.
                case NpgsqlException n:
                    return n.IsTransient;
                case SqliteException s:
                    return s.SqliteErrorCode == SqliteCannotOpen;
            }
        }
        return false;
    }

    /// <summary>One sentence for a person: which database, and what the driver said, never its password.</summary>
    public string Sentence(Exception e) =>
        $"The farm's database ({settings.Where}) is not answering: {Reason(e).TrimEnd('.')}. " +
        "The farm keeps trying; pages and the API work again as soon as it is back, with nothing to restart.";

    /// <summary>What the driver said, without EF's wrapper ("likely due to a transient failure"), which names no cause.</summary>
    public static string Reason(Exception e)
    {
        var driver = Driver(e) ?? e;
        var cause = driver.InnerException?.Message;
        return cause is null || driver.Message.Contains(cause) ? driver.Message : $"{driver.Message} ({cause})";
    }

    static DbException? Driver(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
            if (current is DbException db)
                return db;
        return null;
    }
}
