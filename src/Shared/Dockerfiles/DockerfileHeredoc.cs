namespace BuildFarm.Shared.Dockerfiles;

/// <summary>An inline document (<c>&lt;&lt;EOF</c> … <c>EOF</c>) attached to a RUN, COPY or ADD instruction.</summary>
/// <param name="Name">The delimiter word without quotes, e.g. "EOF"; for COPY/ADD also the file name created.</param>
/// <param name="Content">The lines between the instruction and the delimiter, each with its line ending;
/// for <c>&lt;&lt;-</c> documents the leading tabs are already removed, and for COPY/ADD documents whose
/// delimiter is unquoted the variables are already expanded, as BuildKit does before writing the file.</param>
/// <param name="Expand">False when any part of the delimiter was quoted (<c>&lt;&lt;"EOF"</c>), which turns expansion off.</param>
/// <param name="Chomp">True for <c>&lt;&lt;-EOF</c>: leading tabs are stripped from the content and the delimiter line.</param>
/// <param name="FileDescriptor">The file descriptor written before <c>&lt;&lt;</c> (as in <c>3&lt;&lt;EOF</c>), 0 when none.</param>
public sealed record DockerfileHeredoc(string Name, string Content, bool Expand, bool Chomp, int FileDescriptor);
