using System.Runtime.Versioning;
using System.Net.Http.Json;
using System.Text.Json;
using BuildFarm.Web.Security;

namespace BuildFarm.Web.Tests.Security;

[Collection(WebCollection.Name)]
[UnsupportedOSPlatform("windows")]
public class AdminTokenTests(WebFixture web)
{
    [Fact]
    public async Task Should_write_the_first_admins_token_to_the_data_folder_readable_by_its_owner_only()
    {
        var path = Path.Combine(web.DataDir, AdminToken.FileName);
        var token = File.ReadAllText(path).Trim();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(token.Length >= 40, "a 256-bit token in base64url");
        Assert.StartsWith(ApiTokenSecret.Prefix, token);
        var me = await web.ApiClient().GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(("admin@buildfarm.local", "Admin"), (me.GetProperty("email").GetString(), me.GetProperty("role").GetString()));
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
}
