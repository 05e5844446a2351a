namespace BuildFarm.Data;

/// <summary>One batch of a step's output, as the agent sent it. Rows are only ever inserted: a log grows by new rows,
/// never by rewriting one, and (build, attempt, step, seq) makes a redelivered batch a no-op.</summary>
public class BuildLogChunk
{
    public Guid BuildId { get; set; }
    public int Attempt { get; set; }
    public int StepIndex { get; set; }
    public int Seq { get; set; }
    /// <summary>The batch's lines joined by '\n', without a final newline.</summary>
    public string Text { get; set; } = "";
    /// <summary>UTF-8 bytes of the lines with their newlines: what the batch cost of the build's log budget.</summary>
    public int Bytes { get; set; }
    /// <summary>True on the batch whose last line is the note that the build's log passed its budget.</summary>
    public bool Cut { get; set; }
}
