using System.Net;
using System.Net.Http.Headers;

namespace BuildFarm.Web.Features.Registry;

public sealed partial class RegistryClient
{
    private const string DigestHeader = "Docker-Content-Digest";

    private async Task<(string? Digest, string? MediaType)> HeadManifestAsync(Target target, string tagOrDigest, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(target, HttpMethod.Head, target.Endpoint.Manifest(tagOrDigest), true, ct);
        // Some registries (and proxies in front of them) do not implement HEAD; the GET that follows still works.
        if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            return (null, null);
        }

        EnsureFound(response, target, tagOrDigest);
        var digest = response.Headers.TryGetValues(DigestHeader, out var values) ? values.FirstOrDefault() : null;
        return (string.IsNullOrWhiteSpace(digest) ? null : digest.Trim(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<FetchedContent> GetManifestAsync(Target target, string tagOrDigest, string? expectedDigest, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(target, HttpMethod.Get, target.Endpoint.Manifest(tagOrDigest), true, ct);
        EnsureFound(response, target, tagOrDigest);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var digest = expectedDigest ?? ContentReader.Sha256(body);
        ContentReader.Verify(digest, body, $"manifest of {Display(target.Reference)}");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return new FetchedContent(digest, ManifestMediaTypes.Accepted.Contains(mediaType) ? mediaType : null, body);
    }

    private async Task<FetchedContent> GetBlobAsync(Target target, string digest, CancellationToken ct)
    {
        using var response = await SendAuthorizedAsync(target, HttpMethod.Get, target.Endpoint.Blob(digest), false, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"registry {target.Endpoint.Host} lists config blob {digest} for {Display(target.Reference)} but does not have it");
        }

        EnsureFound(response, target, digest);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        ContentReader.Verify(digest, body, $"image config of {Display(target.Reference)}");
        return new FetchedContent(digest, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>
    /// Sends with whatever authorization the host is known to want; on a 401 answers the challenge once and
    /// retries. A second refusal is final: the credentials (or the anonymous token) do not grant a pull.
    /// </summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        Target target, HttpMethod method, Uri uri, bool manifest, CancellationToken ct)
    {
        var who = $"registry {target.Endpoint.Host}";
        var response = await SendOnceAsync(method, uri, manifest, _auth.Preauthorize(target.Endpoint, target.Credentials), who, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        AuthAttempt attempt;
        using (response)
        {
            attempt = await _auth.AnswerAsync(response, target.Endpoint, target.Credentials, target.CredentialKey, ct);
        }

        var retried = await SendOnceAsync(method, uri, manifest, attempt.Header, who, ct);
        if (retried.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            retried.Dispose();
            throw RegistryFailure.Of(RegistryErrorKind.Unauthorized, attempt.RejectionMessage);
        }

        return retried;
    }

    private Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method, Uri uri, bool manifest, AuthenticationHeaderValue? authorization, string who, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, uri);
        if (manifest)
        {
            foreach (var type in ManifestMediaTypes.Accepted)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }
        }

        request.Headers.Authorization = authorization;
        return SendDisposingAsync(request, who, ct);
    }

    private async Task<HttpResponseMessage> SendDisposingAsync(HttpRequestMessage request, string who, CancellationToken ct)
    {
        using (request)
        {
            return await RegistryTransport.SendAsync(http, request, settings.RequestTimeout, who, ct);
        }
    }

    private static void EnsureFound(HttpResponseMessage response, Target target, string tagOrDigest)
    {
        var repository = target.Reference.Name;
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => RegistryFailure.Of(RegistryErrorKind.NotFound, tagOrDigest.Contains(':')
                ? $"manifest {tagOrDigest} not found in {repository}"
                : $"tag '{tagOrDigest}' not found in {repository}"),
            HttpStatusCode.Forbidden => RegistryFailure.Of(RegistryErrorKind.Unauthorized,
                $"registry {target.Endpoint.Host} forbids reading {repository} (403 Forbidden)"),
            HttpStatusCode.TooManyRequests => RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"registry {target.Endpoint.Host} is rate limiting the farm (429 Too Many Requests)"),
            _ => RegistryFailure.Of(RegistryErrorKind.RegistryFailed,
                $"registry {target.Endpoint.Host} answered {code} {response.ReasonPhrase} for {Display(target.Reference)}"),
        };
    }
}
