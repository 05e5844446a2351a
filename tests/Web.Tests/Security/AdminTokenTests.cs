using System.Runtime.Versioning;
using BuildFarm.Web.Security;

namespace BuildFarm.Web.Tests.Security;

[Collection(WebCollection.Name)]
[UnsupportedOSPlatform("windows")]
public class AdminTokenTests(WebFixture web)
{
    [Fact]
    public void Should_write_the_token_to_the_data_folder_readable_by_its_owner_only()
    {
        var token = web.Services.GetService(typeof(AdminToken)) as AdminToken;
        var path = Path.Combine(web.DataDir, AdminToken.FileName);

        Assert.NotNull(token);
        Assert.Equal(path, token.Path);
        Assert.Equal(token.Value, File.ReadAllText(path).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(token.Value.Length >= 40, "a 256-bit token in base64url");
    }

    [Fact]
    public void Should_reuse_the_token_on_the_next_start()
    {
        var dir = Directory.CreateTempSubdirectory("farm-token-").FullName;
        try
        {
            var first = AdminToken.LoadOrCreate(dir);
            var second = AdminToken.LoadOrCreate(dir);

            Assert.Equal(first.Value, second.Value);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_tighten_a_token_file_left_readable_by_others()
    {
        var dir = Directory.CreateTempSubdirectory("farm-token-").FullName;
        try
        {
            var path = Path.Combine(dir, AdminToken.FileName);
            File.WriteAllText(path, "kept-token\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var token = AdminToken.LoadOrCreate(dir);

            Assert.Equal("kept-token", token.Value);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_match_only_the_exact_token()
    {
        var dir = Directory.CreateTempSubdirectory("farm-token-").FullName;
        try
        {
            var token = AdminToken.LoadOrCreate(dir);

            Assert.True(token.Matches(token.Value));
            Assert.False(token.Matches(token.Value + "x"));
            Assert.False(token.Matches(token.Value[..^1]));
            Assert.False(token.Matches(""));
            Assert.False(token.Matches(null));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
