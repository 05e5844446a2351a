using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Shared.CacheKeys;

/// <summary>
/// The canonical encoding every key is hashed from (see <see cref="CacheKeyChain"/>). Each item is self-delimiting:
/// a tag byte, then a 4-byte big-endian length and UTF-8 bytes for text, or an 8-byte big-endian value for numbers,
/// so no two different sequences of items can encode to the same bytes.
/// </summary>
internal sealed class KeyHasher : IDisposable
{
    public const string Version = "buildfarm.cache-key.v1";

    private const byte TextTag = 1;
    private const byte NullTag = 0;
    private const byte NumberTag = 2;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[256];

    public KeyHasher(string kind)
    {
        Text(Version);
        Text(kind);
    }

    /// <summary>The key of a fixed list of texts.</summary>
    public static string Hash(string kind, params string[] items)
    {
        using var hasher = new KeyHasher(kind);
        foreach (var item in items)
        {
            hasher.Text(item);
        }

        return hasher.Finish();
    }

    public KeyHasher Text(string? value)
    {
        if (value is null)
        {
            _hash.AppendData([NullTag]);
            return this;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (_buffer.Length < length + 5)
        {
            _buffer = new byte[Math.Max(length + 5, _buffer.Length * 2)];
        }

        _buffer[0] = TextTag;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(1), (uint)length);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(5));
        _hash.AppendData(_buffer, 0, length + 5);
        return this;
    }

    public KeyHasher Number(long value)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = NumberTag;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], value);
        _hash.AppendData(bytes);
        return this;
    }

    /// <summary>The hash as lower-case hex; the hasher cannot be used afterwards.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
