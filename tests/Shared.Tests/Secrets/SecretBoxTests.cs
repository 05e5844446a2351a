using System.Security.Cryptography;
using System.Text;
using BuildFarm.Shared.Secrets;

namespace BuildFarm.Shared.Tests.Secrets;

public class SecretBoxTests
{
    static readonly byte[] Secret = Encoding.UTF8.GetBytes("hunter2");
    static readonly byte[] Build1 = RegistryLogin.Binding(Guid.Parse("11111111-1111-1111-1111-111111111111"), 1);

    [Fact]
    public void Should_open_what_was_sealed_to_its_key_for_the_same_binding()
    {
        using var box = new SecretBox();

        var sealedSecret = SecretBox.Seal(box.PublicKey, Secret, Build1);

        Assert.Equal(Secret, box.Open(sealedSecret, Build1));
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(sealedSecret.Ciphertext));
    }

    [Fact]
    public void Should_not_open_a_box_sealed_to_another_key_or_for_another_attempt()
    {
        using var box = new SecretBox();
        using var other = new SecretBox();
        var sealedSecret = SecretBox.Seal(box.PublicKey, Secret, Build1);

        Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedSecret, Build1));
        Assert.ThrowsAny<CryptographicException>(() =>
            box.Open(sealedSecret, RegistryLogin.Binding(Guid.Parse("11111111-1111-1111-1111-111111111111"), 2)));
    }

    [Fact]
    public void Should_refuse_to_seal_to_a_key_that_is_not_one()
    {
        Assert.ThrowsAny<CryptographicException>(() => SecretBox.Seal([1, 2, 3], Secret, Build1));
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        Assert.ThrowsAny<CryptographicException>(() => SecretBox.Seal(p384.ExportSubjectPublicKeyInfo(), Secret, Build1));
    }

    [Fact]
    public void Should_print_a_login_without_its_password() =>
        Assert.DoesNotContain("hunter2", new RegistryLogin("ghcr.io", "robot", "hunter2").ToString());
}
