using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using BuildFarm.Contracts;

namespace BuildFarm.Agent.Features.Gpus;

/// <summary>
/// Reads the report of <c>nvidia-smi -q -x</c> (root &lt;nvidia_smi_log&gt;, laid out by nvsmi_device_v12.dtd):
/// driver and CUDA version once, then one &lt;gpu&gt; per device with its name, UUID and framebuffer size.
/// </summary>
public static class NvidiaSmiXml
{
    /// <summary>Parses nvidia-smi's XML report.</summary>
    /// <param name="xml">The complete standard output of <c>nvidia-smi -q -x</c>.</param>
    /// <returns>The GPUs, driver and CUDA version; fields nvidia-smi reports as "N/A" are null (memory 0).</returns>
    /// <exception cref="FormatException">The text is not an nvidia_smi_log document.</exception>
    public static GpuReport Parse(string xml)
    {
        var root = Load(xml).Root;
        if (root?.Name.LocalName != "nvidia_smi_log")
        {
            throw new FormatException($"nvidia-smi output has root <{root?.Name.LocalName}>, not <nvidia_smi_log>.");
        }

        var gpus = root.Elements("gpu")
            .Select(gpu => new GpuInfo(
                Value(gpu, "product_name") ?? "",
                Value(gpu, "uuid") ?? "",
                MiB(gpu.Element("fb_memory_usage")?.Element("total")?.Value)))
            .ToList();
        return new GpuReport(gpus, Value(root, "driver_version"), Value(root, "cuda_version"), null);
    }

    // The DOCTYPE names nvsmi_device_v12.dtd, which is not on disk beside the output: never resolve it.
    private static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"nvidia-smi output is not XML: {e.Message}", e);
        }
    }

    private static string? Value(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } value && value != "N/A" ? value : null;

    // nvidia-smi writes sizes as "<n> MiB"; older releases wrote the same with other binary units.
    private static long MiB(string? text)
    {
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return 0;
        }

        return parts.Length < 2 ? amount : parts[1] switch
        {
            "KiB" => amount / 1024,
            "GiB" => amount * 1024,
            _ => amount,
        };
    }
}
