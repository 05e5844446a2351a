using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace BuildFarm.Data;

/// <summary>SQL the farm's queries need that LINQ has no words for, translated alike on SQLite and PostgreSQL.</summary>
public static class FarmSql
{
    /// <summary>A stored timestamp as the unix milliseconds it is stored as, for arithmetic in SQL: time buckets by
    /// integer division, waits by subtraction. Only valid inside a query.</summary>
    public static long Ms(DateTimeOffset at) =>
        throw new InvalidOperationException($"{nameof(FarmSql)}.{nameof(Ms)} runs only inside a database query.");

    // "column + 0": the column is already an integer of milliseconds on both providers, and the addition gives it the
    // type long in the query tree without a CAST that either database would spell differently.
    static readonly LongTypeMapping Integer = new("bigint");

    internal static void Register(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(FarmSql).GetMethod(nameof(Ms))!)
            .HasTranslation(args => new SqlBinaryExpression(
                ExpressionType.Add, args[0], new SqlConstantExpression(0L, Integer), typeof(long), Integer));
}
