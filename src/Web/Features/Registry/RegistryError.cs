namespace BuildFarm.Web.Features.Registry;

/// <summary>Why a reference could not be resolved; every kind carries a sentence a user can act on.</summary>
public enum RegistryErrorKind
{
    /// <summary>No answer: connection refused, DNS failure, TLS failure or timeout.</summary>
    RegistryUnreachable,

    /// <summary>The registry answered, but not usefully: 5xx, 429, or a body that breaks the protocol.</summary>
    RegistryFailed,

    /// <summary>401/403 after the auth challenge was answered (or could not be answered).</summary>
    Unauthorized,

    /// <summary>404: the tag or digest does not exist in the repository.</summary>
    NotFound,

    /// <summary>The image exists but has no manifest for the requested platform.</summary>
    NoPlatformMatch,

    /// <summary>The reference itself is not a valid image reference.</summary>
    InvalidReference,
}

/// <summary>A failed resolution: what kind of failure, and a human sentence saying what happened.</summary>
public sealed record RegistryError(RegistryErrorKind Kind, string Message)
{
    /// <summary>
    /// Trouble on the registry's side that may pass: callers degrade (last known digest, or "digest unknown")
    /// instead of rejecting the build. The other kinds are answers about the reference itself and will not change
    /// by waiting, so a submit should be refused with the message.
    /// </summary>
    public bool IsTransient => Kind is RegistryErrorKind.RegistryUnreachable or RegistryErrorKind.RegistryFailed;

    public override string ToString() => Message;
}

/// <summary>Thrown only inside this feature to unwind a resolution; the public API returns the error instead.</summary>
internal sealed class RegistryFailure(RegistryError error) : Exception(error.Message)
{
    public RegistryError Error { get; } = error;

    public static RegistryFailure Of(RegistryErrorKind kind, string message) => new(new RegistryError(kind, message));
}
