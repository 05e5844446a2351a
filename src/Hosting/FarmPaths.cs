using Microsoft.Extensions.Configuration;

namespace BuildFarm.Hosting;

public static class FarmPaths
{
    /// <summary>The farm's data folder: Farm:DataDir, else FARM_DATA, else .farm under the working directory.</summary>
    public static string DataDir(IConfiguration configuration)
    {
        var dir = configuration["Farm:DataDir"];
        if (string.IsNullOrWhiteSpace(dir))
            dir = Environment.GetEnvironmentVariable("FARM_DATA");
        if (string.IsNullOrWhiteSpace(dir))
            dir = ".farm";
        dir = Path.GetFullPath(dir);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
