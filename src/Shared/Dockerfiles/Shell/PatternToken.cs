namespace BuildFarm.Shared.Dockerfiles.Shell;

/// <summary>One position of a compiled shell pattern: '*', '?', or a literal character (an escaped '*' is one).</summary>
internal readonly record struct PatternToken(char Char, bool IsLiteral)
{
    public static PatternToken Star { get; } = new('*', false);

    public static PatternToken AnyOne { get; } = new('?', false);

    public bool IsStar => !IsLiteral && Char == '*';

    public static PatternToken Literal(char ch) => new(ch, true);

    /// <summary>Whether the token consumes exactly this character ('*' never does: it loops instead).</summary>
    public bool TakesOne(char ch) => IsLiteral ? Char == ch : Char == '?';
}
