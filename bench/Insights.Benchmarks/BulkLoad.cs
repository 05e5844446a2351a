using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildFarm.Insights.Benchmarks;

/// <summary>Loads rows fast: PostgreSQL by binary COPY, SQLite by one prepared INSERT in one transaction per table.</summary>
static class BulkLoad
{
    public static async Task PostgresAsync<T>(string connectionString, string table, Column<T>[] columns, IEnumerable<T> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var import = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
        // Two million rows and the indexes the migrations made take minutes on a busy machine.
        import.Timeout = TimeSpan.FromMinutes(30);
        foreach (var row in rows)
        {
            await import.StartRowAsync();
            foreach (var column in columns)
            {
                if (column.Value(row) is { } value)
                    await import.WriteAsync(value, column.Type);
                else
                    await import.WriteNullAsync();
            }
        }
        await import.CompleteAsync();
    }

    public static void Sqlite<T>(string connectionString, string table, Column<T>[] columns, IEnumerable<T> rows)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" })).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = Stored(columns[i].Value(row));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>As EF Core's SQLite provider stores them: GUIDs as upper-case text, booleans as 0/1.</summary>
    static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString().ToUpperInvariant(),
        bool flag => flag ? 1 : 0,
        _ => value,
    };
}
