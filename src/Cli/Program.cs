namespace BuildFarm.Cli;

// Not top-level statements: the tests reference this assembly and src/Web, whose global Program would clash.
static class Program
{
    static Task<int> Main(string[] args) => Farmctl.RunAsync(args, CliContext.ForProcess());
}
