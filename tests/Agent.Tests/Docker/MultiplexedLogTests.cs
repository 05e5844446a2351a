using System.Text;
using BuildFarm.Agent.Docker;

namespace BuildFarm.Agent.Tests.Docker;

public class MultiplexedLogTests
{
    static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return [stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
    }

    static async Task<List<(int, string)>> Read(byte[] bytes) =>
        (await MultiplexedLog.ReadAsync(new MemoryStream(bytes), CancellationToken.None))
        .Select(f => (f.Stream, Encoding.UTF8.GetString(f.Payload))).ToList();

    [Fact]
    public async Task Should_split_frames_by_their_headers_and_keep_the_stream_of_each()
    {
        var frames = await Read([.. Frame(1, "out 1\n"), .. Frame(2, "err\n"), .. Frame(1, new string('x', 300) + "\n")]);

        Assert.Equal([(1, "out 1\n"), (2, "err\n"), (1, new string('x', 300) + "\n")], frames);
    }

    [Fact]
    public async Task Should_pass_unframed_output_through_as_stdout()
    {
        Assert.Equal([(1, "plain tty output\n")], await Read(Encoding.UTF8.GetBytes("plain tty output\n")));
    }

    [Fact]
    public async Task Should_keep_what_arrived_of_a_truncated_frame()
    {
        var whole = Frame(1, "cut short");

        Assert.Equal([(1, "cut")], await Read(whole[..11]));
        Assert.Empty(await Read([]));
    }
}
