using System.Net;
using System.Net.Sockets;
using BuildFarm.Web.Features.Registry;

namespace BuildFarm.Web.Tests.Features.Registry;

public class RegistryTimeoutTests
{
    [Fact]
    public async Task Should_report_a_registry_that_accepts_but_never_answers_as_unreachable_within_the_timeout()
    {
        // A socket that completes the TCP handshake and then says nothing: a hung registry or a black-holing proxy.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var client = TestRegistries.Client(("Registries:TimeoutSeconds", "0.5"));

        var lookup = await client.ResolveAsync($"{host}/farm/cuda:12.1").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RegistryErrorKind.RegistryUnreachable, lookup.Error!.Kind);
        Assert.Equal($"registry {host} is unreachable: no answer within 0.5 s from http://{host}", lookup.Error.Message);
    }

    [Fact]
    public async Task Should_let_the_callers_own_cancellation_through()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TestRegistries.Client().ResolveAsync($"{host}/farm/cuda:12.1", ct: cancel.Token));
    }
}
