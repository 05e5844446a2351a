namespace BuildFarm.Contracts;

/// <summary>A secret sealed for one holder of a private key (see <c>BuildFarm.Shared.Secrets.SecretBox</c>): the
/// sender's one-use public key, the AES-GCM nonce, the ciphertext and its tag. A copy of it, on the broker or in a log,
/// is of no use to anyone but the holder.</summary>
public record SealedSecret(byte[] SenderKey, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
