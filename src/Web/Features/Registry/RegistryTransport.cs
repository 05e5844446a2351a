using System.Net.Sockets;
using System.Security.Authentication;

namespace BuildFarm.Web.Features.Registry;

/// <summary>One HTTP exchange with a registry or token service, with its failures turned into registry errors.</summary>
internal static class RegistryTransport
{
    // The OCI distribution spec lets registries refuse manifests over 4 MiB; configs of real images are a few KiB.
    // Anything larger is not something the farm should hold in memory on a registry's word.
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Sends the request and buffers its body, all within <paramref name="timeout"/>. A refused connection, DNS or
    /// TLS failure, or the timeout becomes <see cref="RegistryErrorKind.RegistryUnreachable"/>; only the caller's own
    /// cancellation escapes as <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpRequestMessage request, TimeSpan timeout, string who, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.Content.Headers.ContentLength > MaxBodyBytes)
            {
                throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                    $"{who} sent {response.Content.Headers.ContentLength} bytes for {request.RequestUri}; more than {MaxBodyBytes} is refused");
            }

            await response.Content.LoadIntoBufferAsync(MaxBodyBytes, deadline.Token);
            return response;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            response?.Dispose();
            throw RegistryFailure.Of(RegistryErrorKind.RegistryUnreachable,
                $"{who} is unreachable: no answer within {timeout.TotalSeconds:0.#} s from {request.RequestUri!.GetLeftPart(UriPartial.Authority)}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response?.Dispose();
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"{who} sent more than {MaxBodyBytes} bytes for {request.RequestUri}, which is refused");
        }
        catch (HttpRequestException e)
        {
            response?.Dispose();
            throw RegistryFailure.Of(RegistryErrorKind.RegistryUnreachable,
                $"{who} is unreachable: {Describe(e)} ({request.RequestUri!.GetLeftPart(UriPartial.Authority)})");
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
            "its host name does not resolve",
        SocketException s => $"network error ({s.SocketErrorCode})",
        AuthenticationException a => $"TLS handshake failed ({a.Message}); if it serves plain http, list it in Registries:Insecure",
        IOException io => $"the connection broke ({io.Message})",
        _ => e.Message,
    };
}
