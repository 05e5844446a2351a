using BuildFarm.Shared.Placement;
using BuildFarm.Shared.Tests.CacheKeys;

namespace BuildFarm.Shared.Tests.Placement;

public class PlanFilesTests
{
    [Fact]
    public void Should_record_the_blob_id_of_each_file_a_copy_reads()
    {
        var inputs = new PlanInputs("FROM python:3.11\nCOPY requirements.txt .\nCOPY . .\nRUN true\n",
            new Dictionary<string, string> { ["requirements.txt"] = "numpy\n", ["src/a.py"] = "a\n" });

        var plan = BuildPlan.FromPlanned(inputs.Plan());

        Assert.Equal(new Dictionary<string, string> { ["requirements.txt"] = PlanInputs.File("requirements.txt", "numpy\n").BlobId },
            plan.Steps[1].Files);
        Assert.Equal(["requirements.txt", "src/a.py"], plan.Steps[2].Files!.Keys);
        Assert.Null(plan.Steps[3].Files);
    }

    [Fact]
    public void Should_cap_the_files_a_step_records_and_say_how_many_it_read()
    {
        var files = Enumerable.Range(0, PlanStep.MaxFiles + 5).ToDictionary(i => $"data/{i:D5}.csv", i => $"{i}\n");
        var plan = BuildPlan.FromPlanned(new PlanInputs("FROM python:3.11\nCOPY data data\n", files).Plan());

        Assert.Equal(PlanStep.MaxFiles, plan.Steps[1].Files!.Count);
        Assert.Equal(PlanStep.MaxFiles + 5, plan.Steps[1].FileCount);
        Assert.True(plan.Steps[1].FilesCapped());
    }
}
