namespace BuildFarm.Data;

/// <summary>The databases the farm runs on, as Database:Provider spells them.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    /// <summary>Reads Database:Provider; "postgresql" is accepted for "postgres" since both spellings are common.</summary>
    public static DatabaseProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" => DatabaseProvider.Postgres,
        _ => throw new DatabaseStartupException(
            $"Database:Provider '{value}' is not one the farm knows: use 'sqlite' (the default) or 'postgres'."),
    };
}
