namespace BuildFarm.Web.Features.Api;

/// <summary>
/// Counts what a handler reads of a request body and stops at the limit. A declared Content-Length is refused before
/// anything is read; this catches a chunked body that never declared one, whatever server hosts the farm.
/// </summary>
sealed class ApiBodyLimit(Stream inner, long limit) : Stream
{
    long _read;

    /// <summary>Whether the body went past the limit, so the answer must be 413 whatever the handler made of it.</summary>
    public bool Exceeded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            Exceeded = true;
            throw new BadHttpRequestException(ApiRequestGuard.TooLargeSentence, StatusCodes.Status413PayloadTooLarge);
        }

        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
