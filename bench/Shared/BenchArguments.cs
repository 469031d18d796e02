using System.Globalization;

namespace Radio.Bench;

/// <summary>A benchmark's <c>--name value</c> and <c>--flag</c> arguments; linked into each benchmark that takes them.</summary>
internal sealed class BenchArguments(string[] args)
{
    public string? Value(string name)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public int Number(string name, int fallback) =>
        Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => args.Contains("--" + name);
}
