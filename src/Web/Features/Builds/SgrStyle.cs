namespace BuildFarm.Web.Features.Builds;

/// <summary>A colour as SGR names it: one of the 256 palette entries, or RGB.</summary>
public readonly record struct SgrColour(int? Palette, byte R = 0, byte G = 0, byte B = 0)
{
    /// <summary>The xterm values of the palette entries past the 16 named ones (a 6x6x6 cube, then 24 greys).</summary>
    public (byte R, byte G, byte B) Rgb()
    {
        if (Palette is not { } n)
            return (R, G, B);
        if (n >= 232)
        {
            var grey = (byte)(8 + (n - 232) * 10);
            return (grey, grey, grey);
        }
        var cube = n - 16;
        return (Level(cube / 36), Level(cube / 6 % 6), Level(cube % 6));
    }

    static byte Level(int step) => (byte)(step == 0 ? 0 : 55 + step * 40);
}

/// <summary>The text style a terminal holds between SGR sequences (<c>ESC [ ... m</c>).</summary>
public sealed record SgrStyle(SgrColour? Foreground, SgrColour? Background, bool Bold, bool Dim, bool Italic, bool Underline)
{
    public static readonly SgrStyle Plain = new(null, null, false, false, false, false);

    public SgrStyle Apply(IReadOnlyList<int> codes)
    {
        var s = this;
        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i];
            s = code switch
            {
                0 => Plain,
                1 => s with { Bold = true },
                2 => s with { Dim = true },
                3 => s with { Italic = true },
                4 => s with { Underline = true },
                22 => s with { Bold = false, Dim = false },
                23 => s with { Italic = false },
                24 => s with { Underline = false },
                >= 30 and <= 37 => s with { Foreground = new(code - 30) },
                39 => s with { Foreground = null },
                >= 40 and <= 47 => s with { Background = new(code - 40) },
                49 => s with { Background = null },
                >= 90 and <= 97 => s with { Foreground = new(code - 90 + 8) },
                >= 100 and <= 107 => s with { Background = new(code - 100 + 8) },
                38 => s with { Foreground = Extended(codes, ref i) },
                48 => s with { Background = Extended(codes, ref i) },
                _ => s,
            };
        }
        return s;
    }

    /// <summary>38;5;n and 38;2;r;g;b (and 48;...): consumes the codes it reads.</summary>
    static SgrColour? Extended(IReadOnlyList<int> codes, ref int i)
    {
        if (i + 2 < codes.Count && codes[i + 1] == 5)
        {
            i += 2;
            return codes[i] is >= 0 and <= 255 ? new SgrColour(codes[i]) : null;
        }
        if (i + 4 < codes.Count && codes[i + 1] == 2)
        {
            var colour = new SgrColour(null, Clamp(codes[i + 2]), Clamp(codes[i + 3]), Clamp(codes[i + 4]));
            i += 4;
            return colour;
        }
        i = codes.Count;
        return null;
    }

    static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
