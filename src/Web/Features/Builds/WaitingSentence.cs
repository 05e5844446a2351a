namespace BuildFarm.Web.Features.Builds;

/// <summary>
/// Why a queued build waits, as a sentence a person reads: the scheduler's reason (written for the history and the
/// logs, lower case, agents listed after a dash) opened with a capital and closed with a full stop, and the build's
/// place in the queue.
/// </summary>
public static class WaitingSentence
{
    public static string For(string? reason, int? ahead = null)
    {
        var text = (reason ?? "").Trim();
        text = text switch
        {
            "" => "Waiting for the scheduler to place it.",
            "no agent has registered with the farm yet" => "No agent has joined the farm yet, so nothing can run it until one does.",
            _ when text.StartsWith(BuildQueries.BrokerWaitPrefix, StringComparison.Ordinal) =>
                $"Not yet handed to the scheduler: the message broker is unreachable ({text[BuildQueries.BrokerWaitPrefix.Length..].TrimEnd('.')}).",
            _ => Sentence(text.Replace(" — ", ": ", StringComparison.Ordinal)),
        };
        return ahead switch
        {
            null => text,
            0 => $"{text} It is next in the queue.",
            1 => $"{text} It is 2nd in the queue, behind 1 build.",
            _ => $"{text} It is {Ordinal(ahead.Value + 1)} in the queue, behind {ahead} builds.",
        };
    }

    static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");

    static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };
}
