using BuildFarm.Agent.Features.Builds;

namespace BuildFarm.Agent.Tests.Features.Builds;

public sealed class CheckoutCacheTests : IDisposable
{
    readonly GitRepo _repo = new();
    readonly TempDir _work = new();

    public void Dispose()
    {
        _repo.Dispose();
        _work.Dispose();
    }

    string Root => _work.Combine(".checkouts");

    CheckoutCache Open(int capacity = 8) => CheckoutCache.Open(Root, capacity);

    Task<Checkout> CheckOut(CheckoutCache cache, string gitRef, string? repository = null, CancellationToken ct = default) =>
        cache.CheckOutAsync(repository ?? _repo.Url, gitRef, _work.Combine(Guid.NewGuid().ToString("N"), "src"), allowLocal: true, ct);

    /// <summary>Moves the repository away (and back when disposed): a checkout that still succeeds fetched nothing.</summary>
    IDisposable RepositoryGone()
    {
        var away = _repo.Path + "-away";
        Directory.Move(_repo.Path, away);
        return new Restore(() => Directory.Move(away, _repo.Path));
    }

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    [Fact]
    public async Task Should_read_a_commit_built_before_where_it_is_without_fetching_it_again()
    {
        var commit = _repo.Write("Dockerfile", "FROM scratch\n").Commit();
        var cache = Open();
        string first;
        using (var checkout = await CheckOut(cache, commit))
            first = checkout.Path;

        using (RepositoryGone())
        using (var again = await CheckOut(cache, commit))
        {
            Assert.Equal(first, again.Path);
            Assert.Equal(commit, again.Commit);
            Assert.Equal("FROM scratch\n", File.ReadAllText(Path.Combine(again.Path, "Dockerfile")));
        }
    }

    [Fact]
    public async Task Should_fetch_a_branch_every_time_because_it_moves()
    {
        _repo.Write("a.txt", "one").Commit();
        var cache = Open();
        using (var before = await CheckOut(cache, "main"))
            Assert.Equal("one", File.ReadAllText(Path.Combine(before.Path, "a.txt")));

        var moved = _repo.Write("a.txt", "two").Commit();

        using var after = await CheckOut(cache, "main");
        Assert.Equal(moved, after.Commit);
        Assert.Equal("two", File.ReadAllText(Path.Combine(after.Path, "a.txt")));
        Assert.False(after.Path.StartsWith(Root), "a branch's checkout is the build's own, not kept");
    }

    [Fact]
    public async Task Should_keep_the_same_commit_apart_for_two_repositories()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        using var mirror = new TempDir();
        _repo.Git("clone", "-q", "--mirror", _repo.Path, mirror.Path);
        var cache = Open();

        using var fromOrigin = await CheckOut(cache, commit);
        using var fromMirror = await CheckOut(cache, commit, "file://" + mirror.Path);

        Assert.NotEqual(fromOrigin.Path, fromMirror.Path);
        Assert.Equal("one", File.ReadAllText(Path.Combine(fromMirror.Path, "a.txt")));
    }

    [Fact]
    public async Task Should_let_builds_of_one_commit_at_once_share_one_checkout()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        var cache = Open();

        var checkouts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CheckOut(cache, commit)));

        Assert.Single(checkouts.Select(c => c.Path).Distinct());
        Assert.Single(Directory.GetDirectories(Root));
        foreach (var checkout in checkouts)
            checkout.Dispose();
    }

    [Fact]
    public async Task Should_remove_the_least_recently_used_checkouts_beyond_its_capacity_but_never_one_in_use()
    {
        var first = _repo.Write("a.txt", "one").Commit();
        var second = _repo.Write("a.txt", "two").Commit();
        var third = _repo.Write("a.txt", "three").Commit();
        var cache = Open(capacity: 1);

        var held = await CheckOut(cache, first);
        using (await CheckOut(cache, second))
        {
        }
        // The first is in use, the second the only one idle: within the capacity of one.
        Assert.True(Directory.Exists(held.Path));
        Assert.Equal(2, Directory.GetDirectories(Root).Length);

        using (await CheckOut(cache, third))
        {
        }
        held.Dispose();

        // Three idle for a capacity of one: the third, used last, stays.
        Assert.False(Directory.Exists(held.Path));
        var kept = Assert.Single(Directory.GetDirectories(Root));
        Assert.EndsWith(third, kept);
    }

    [Fact]
    public async Task Should_not_keep_a_failed_fetch_so_the_next_build_tries_again()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        var cache = Open();

        using (RepositoryGone())
        {
            var e = await Assert.ThrowsAsync<BuildSourceException>(() => CheckOut(cache, commit));
            Assert.StartsWith($"repository not found: {_repo.Url}", e.Message);
        }

        using var checkout = await CheckOut(cache, commit);
        Assert.Equal("one", File.ReadAllText(Path.Combine(checkout.Path, "a.txt")));
        Assert.Single(Directory.GetDirectories(Root));
    }

    [Fact]
    public async Task Should_fetch_for_a_build_whose_wait_was_not_cancelled_when_the_build_that_started_the_fetch_was()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        var cache = Open();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CheckOut(cache, commit, ct: cancelled.Token));
        using var checkout = await CheckOut(cache, commit);

        Assert.Equal("one", File.ReadAllText(Path.Combine(checkout.Path, "a.txt")));
    }

    [Fact]
    public async Task Should_start_empty_so_nothing_a_crash_left_half_written_is_trusted()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        using (await CheckOut(Open(), commit))
        {
        }
        File.WriteAllText(Path.Combine(Directory.GetDirectories(Root).Single(), "a.txt"), "tampered");

        using var checkout = await CheckOut(Open(), commit);

        Assert.Equal("one", File.ReadAllText(Path.Combine(checkout.Path, "a.txt")));
    }

    [Fact]
    public async Task Should_keep_nothing_with_a_capacity_of_zero()
    {
        var commit = _repo.Write("a.txt", "one").Commit();
        var cache = Open(capacity: 0);

        using var checkout = await CheckOut(cache, commit);

        Assert.False(checkout.Path.StartsWith(Root));
        Assert.False(Directory.Exists(Root));
    }
}
