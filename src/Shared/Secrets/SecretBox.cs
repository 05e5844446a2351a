using System.Security.Cryptography;
using BuildFarm.Contracts;

namespace BuildFarm.Shared.Secrets;

/// <summary>
/// Seals a secret for the one process holding a private key, so it may cross the broker (where any client allowed to
/// bind a queue could copy it, and a persisted message could land on disk) as ciphertext only. ECDH on P-256 between a
/// one-use sender key and the recipient's key; SHA-256 of the shared secret is the AES-256-GCM key; the associated data
/// binds the box to what it was sealed for (a build and attempt), so it cannot be replayed as the answer to another.
/// </summary>
/// <remarks>The recipient makes a box per question and disposes it after one answer: its private key never leaves
/// the process, and an answer recorded today cannot be opened with a key stolen tomorrow.</remarks>
public sealed class SecretBox : IDisposable
{
    private const int TagBytes = 16;
    private const int NonceBytes = 12;

    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The public half, as SubjectPublicKeyInfo DER, for the sender.</summary>
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    /// <summary>Seals <paramref name="plaintext"/> for the holder of <paramref name="recipientKey"/>.</summary>
    /// <exception cref="CryptographicException">The key is not a P-256 SubjectPublicKeyInfo.</exception>
    public static SealedSecret Seal(byte[] recipientKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        using var recipient = ECDiffieHellman.Create();
        recipient.ImportSubjectPublicKeyInfo(recipientKey, out _);
        if (recipient.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("The recipient's key is not on the P-256 curve.");
        }

        using var sender = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var key = sender.DeriveKeyFromHash(recipient.PublicKey, HashAlgorithmName.SHA256);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagBytes];
            using (var aes = new AesGcm(key, TagBytes))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }

            return new SealedSecret(sender.ExportSubjectPublicKeyInfo(), nonce, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The plaintext of a box sealed to this key with the same <paramref name="associatedData"/>.</summary>
    /// <exception cref="CryptographicException">It was sealed to another key, for other data, or altered.</exception>
    public byte[] Open(SealedSecret box, ReadOnlySpan<byte> associatedData)
    {
        using var sender = ECDiffieHellman.Create();
        sender.ImportSubjectPublicKeyInfo(box.SenderKey, out _);
        var key = _key.DeriveKeyFromHash(sender.PublicKey, HashAlgorithmName.SHA256);
        try
        {
            var plaintext = new byte[box.Ciphertext.Length];
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(box.Nonce, box.Ciphertext, box.Tag, plaintext, associatedData);
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Forgets the private key.</summary>
    public void Dispose() => _key.Dispose();
}
