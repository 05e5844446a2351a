using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildFarm.Scheduler.Benchmarks.Farm;

/// <summary>
/// Counts the statements EF sends, reads apart from writes, and the time spent in them from the moment a command is
/// sent to the moment its last row is read, so a pass splits into the database's share and the scheduler's own
/// (decoding plans, deciding), which is the same code on both databases. A count that grows with the queue would be
/// an N+1; a steady pass must write nothing. One pass runs at a time (the Placer's gate), so one clock is enough.
/// </summary>
sealed class StatementCounter : DbCommandInterceptor
{
    int _reads;
    int _writes;
    long _started;
    long _elapsed;
    string _text = "";
    readonly Dictionary<string, List<double>> _byText = [];

    /// <summary>Whether to keep every statement's time by its SQL (for <c>--by-statement</c>).</summary>
    public bool ByStatement { get; set; }

    public Statements Take()
    {
        var byText = new Dictionary<string, List<double>>(_byText);
        _byText.Clear();
        return new(Interlocked.Exchange(ref _reads, 0), Interlocked.Exchange(ref _writes, 0),
            Stopwatch.GetElapsedTime(0, Interlocked.Exchange(ref _elapsed, 0)), byText);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Stop();
        return base.DataReaderDisposing(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Stop();
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Stop();
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    // SaveChanges sends its batch as a reader too (INSERT ... RETURNING), so the text decides.
    void Start(DbCommand command)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            Interlocked.Increment(ref _reads);
        else
            Interlocked.Increment(ref _writes);
        _text = command.CommandText;
        _started = Stopwatch.GetTimestamp();
    }

    void Stop()
    {
        var elapsed = Stopwatch.GetTimestamp() - _started;
        Interlocked.Add(ref _elapsed, elapsed);
        if (!ByStatement)
            return;
        if (!_byText.TryGetValue(_text, out var times))
            _byText[_text] = times = [];
        times.Add(Stopwatch.GetElapsedTime(0, elapsed).TotalMilliseconds);
    }
}

/// <summary>Statements sent during one pass, and the time they took; by SQL text when asked for.</summary>
readonly record struct Statements(int Reads, int Writes, TimeSpan InDatabase, IReadOnlyDictionary<string, List<double>> ByText);
