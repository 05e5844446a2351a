using BuildFarm.Shared.CacheKeys;
using BuildFarm.Shared.Ignore;

namespace BuildFarm.Shared.Tests.CacheKeys;

public class ContextSnapshotTests
{
    [Fact]
    public void Should_keep_what_dockerignore_keeps_and_count_what_it_leaves_out()
    {
        var snapshot = ContextSnapshot.FromFiles(
            [PlanInputs.File("src/a.py", "aa"), PlanInputs.File("data/x.bin", "12345"), PlanInputs.File("data/keep.txt", "k"), PlanInputs.File("README.md", "r")],
            DockerIgnore.Parse("data\n!data/keep.txt\n"));

        Assert.Equal(["README.md", "data/keep.txt", "src/a.py"], snapshot.Files.Select(f => f.Path));
        Assert.Equal(["data/x.bin"], snapshot.Excluded.Select(f => f.Path));
        Assert.Equal(4, snapshot.Bytes);
    }

    [Fact]
    public void Should_clean_paths_and_keep_the_last_entry_for_a_path()
    {
        var snapshot = ContextSnapshot.FromFiles(
            [PlanInputs.File("./b//c.txt", "old"), PlanInputs.File("b/c.txt", "new"), PlanInputs.File("./", "")],
            DockerIgnore.Empty);

        var file = Assert.Single(snapshot.Files);
        Assert.Equal(("b/c.txt", PlanInputs.File("x", "new").BlobId), (file.Path, file.BlobId));
    }

    [Fact]
    public void Should_compute_git_blob_ids_in_the_helper_as_git_does()
    {
        // `printf 'hello\n' | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", PlanInputs.File("h", "hello\n").BlobId);
    }
}
