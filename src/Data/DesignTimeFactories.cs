using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BuildFarm.Data;

// `dotnet ef migrations add` builds each provider's context here, without a host: the connection strings are never
// opened, they only tell the providers which SQL to generate.
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFarmDbContext>
{
    public SqliteFarmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFarmDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFarmDbContext>
{
    public PostgresFarmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFarmDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
