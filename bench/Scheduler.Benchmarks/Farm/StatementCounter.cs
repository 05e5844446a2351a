using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildFarm.Scheduler.Benchmarks.Farm;

/// <summary>Counts the statements EF sends, reads apart from writes, so a pass's round trips show (an N+1 would
/// grow with the queue) and a steady pass can be checked to write nothing.</summary>
sealed class StatementCounter : DbCommandInterceptor
{
    int _reads;
    int _writes;

    public Statements Take() => new(Interlocked.Exchange(ref _reads, 0), Interlocked.Exchange(ref _writes, 0));

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    // SaveChanges sends its batch as a reader too (INSERT ... RETURNING), so the text decides.
    void Count(DbCommand command)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            Interlocked.Increment(ref _reads);
        else
            Interlocked.Increment(ref _writes);
    }
}

/// <summary>Statements sent during one pass.</summary>
readonly record struct Statements(int Reads, int Writes);
