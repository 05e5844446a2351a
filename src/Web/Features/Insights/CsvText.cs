using System.Globalization;
using System.Text;

namespace BuildFarm.Web.Features.Insights;

/// <summary>RFC 4180 text: a field with a comma, quote or line break is quoted, its quotes doubled. Numbers are written
/// invariantly, so a spreadsheet in any locale reads 0.5 as a half.</summary>
static class CsvText
{
    public static string Of(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows)
            Line(csv, row.Select(Field));
        return csv.ToString();
    }

    static string Field(object? value) => value switch
    {
        null => "",
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote));
        csv.Append("\r\n");
    }

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
