using System.Buffers.Binary;

namespace BuildFarm.Agent.Docker;

/// <summary>One chunk of a container's output: <see cref="Stream"/> is 1 for stdout, 2 for stderr.</summary>
public sealed record LogFrame(int Stream, byte[] Payload);

/// <summary>Reads the engine's framing of a container without a TTY (<c>/logs</c>, <c>/attach</c>): each frame is an
/// 8-byte header [stream, 0, 0, 0, size as big-endian uint32] and then size bytes. A TTY container's output is raw
/// bytes instead; anything that does not start like a header is passed through as stdout rather than misread.</summary>
internal static class MultiplexedLog
{
    // The engine splits log lines at 16 KiB; a "size" far above that means the bytes were never framed.
    const uint MaxFrame = 1 << 20;

    public static async Task<IReadOnlyList<LogFrame>> ReadAsync(Stream body, CancellationToken ct)
    {
        var frames = new List<LogFrame>();
        var header = new byte[8];
        while (true)
        {
            var got = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
            if (got == 0)
                return frames;
            if (got < header.Length || header[0] > 2 || header[1] != 0 || header[2] != 0 || header[3] != 0
                || BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) > MaxFrame)
            {
                frames.Add(new LogFrame(1, [.. header[..got], .. await ReadRestAsync(body, ct)]));
                return frames;
            }
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
            var read = await body.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, ct);
            frames.Add(new LogFrame(header[0], read == payload.Length ? payload : payload[..read]));
            if (read < payload.Length)
                return frames;
        }
    }

    static async Task<byte[]> ReadRestAsync(Stream body, CancellationToken ct)
    {
        using var rest = new MemoryStream();
        await body.CopyToAsync(rest, ct);
        return rest.ToArray();
    }
}
