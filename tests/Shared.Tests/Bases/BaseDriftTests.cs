using BuildFarm.Shared.Bases;

namespace BuildFarm.Shared.Tests.Bases;

public class BaseDriftTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-01T08:00:00Z");
    const string A = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    const string B = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    const string C = "sha256:cccccccccccc3333333333333333333333333333333333333333333333333333";

    [Fact]
    public void Should_report_no_move_for_a_tag_seen_at_one_digest()
    {
        TagDigest[] history = [new(A, T0, T0.AddDays(3))];

        Assert.Empty(BaseDrift.Moves(history));
        Assert.Equal(A, BaseDrift.Current(history)!.Digest);
    }

    [Fact]
    public void Should_report_each_new_digest_as_a_move_from_the_one_before_at_its_first_sighting()
    {
        TagDigest[] history = [new(C, T0.AddDays(2), T0.AddDays(4)), new(A, T0, T0.AddHours(5)), new(B, T0.AddDays(1), T0.AddDays(1).AddHours(2))];

        var moves = BaseDrift.Moves(history);

        Assert.Equal([new TagMove(A, B, T0.AddDays(1)), new TagMove(B, C, T0.AddDays(2))], moves);
        Assert.Equal(C, BaseDrift.Current(history)!.Digest);
    }

    [Fact]
    public void Should_report_a_tag_seen_back_at_an_older_digest_as_a_move_back_after_the_newer_one_was_last_seen()
    {
        // A, then B, then A again: A's row was seen last.
        TagDigest[] history = [new(A, T0, T0.AddDays(3)), new(B, T0.AddDays(1), T0.AddDays(2))];

        var moves = BaseDrift.Moves(history);

        Assert.Equal([new TagMove(A, B, T0.AddDays(1)), new TagMove(B, A, T0.AddDays(2), Back: true)], moves);
        Assert.Equal(A, BaseDrift.Current(history)!.Digest);
    }

    [Theory]
    [InlineData("localhost:5000/demo/cuda:12.1-runtime", "FROM localhost:5000/demo/cuda:12.1-runtime@" + A)]
    [InlineData("docker.io/pytorch/pytorch:2.9-cuda12.1@" + B, "FROM docker.io/pytorch/pytorch:2.9-cuda12.1@" + A)]
    public void Should_pin_the_tag_to_the_digest_in_a_from_line(string reference, string pinned) =>
        Assert.Equal(pinned, BaseDrift.Pinned(reference, A));

    [Fact]
    public void Should_shorten_a_digest_to_twelve_hex_digits() =>
        Assert.Equal("aaaaaaaaaaaa", BaseDrift.Short(A));
}
