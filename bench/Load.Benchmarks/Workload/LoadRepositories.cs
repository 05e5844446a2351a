using BuildFarm.EndToEnd.Farm;
using BuildFarm.Load.Benchmarks.Farm;

namespace BuildFarm.Load.Benchmarks.Workload;

/// <summary>
/// Local git repositories, each holding the same tiny Dockerfile: the seeded base and one RUN that prints the build's
/// number, passed as a build arg. The number is part of the RUN step's cache key (BuildKit's and the farm's plan alike),
/// so every build runs that step for real while the base stays cached on every engine, and each build takes about as
/// long as a container start.
/// </summary>
sealed class LoadRepositories
{
    public const string NumberArg = "BUILD_NUMBER";
    const int Count = 10;

    readonly IReadOnlyList<GitRepository> _repositories;

    LoadRepositories(IReadOnlyList<GitRepository> repositories) => _repositories = repositories;

    public static LoadRepositories Create(LoadFarm farm, string baseImage) => new(Enumerable.Range(1, Count).Select(i =>
    {
        var repository = farm.NewRepository($"load-{i:00}");
        repository.Write("Dockerfile", Dockerfile(baseImage));
        repository.Commit("One RUN step that prints the build's number");
        return repository;
    }).ToList());

    static string Dockerfile(string baseImage) => $$"""
        FROM {{baseImage}}
        ARG {{NumberArg}}
        RUN echo "load build ${{{NumberArg}}}"

        """;

    /// <summary>The API request for build <paramref name="number"/>, from the repositories in turn.</summary>
    public object Request(int number) => new
    {
        repository = _repositories[number % _repositories.Count].Url,
        @ref = "main",
        dockerfilePath = "Dockerfile",
        contextPath = ".",
        buildArgs = new Dictionary<string, string> { [NumberArg] = number.ToString() },
    };
}
