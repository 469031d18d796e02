using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Radio.TestData.Engines;

/// <summary>What the real-engine fixtures share: a free loopback port, a command run to its end, a private folder.</summary>
public static class Engines
{
    /// <summary>Whether this process is root, where servers such as PostgreSQL refuse to run and get their own user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Where the fixtures' private folders live.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "radio-engines");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh folder under the temp directory, owned by <paramref name="owner"/> when running as root.</summary>
    public static string PrivateDirectory(string name, string? owner = null)
    {
        var path = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (owner is not null && IsRoot)
        {
            Run("chown", owner, path);
        }

        return path;
    }

    /// <summary>Runs a command to its end and throws with its output if it fails.</summary>
    public static string Run(string file, params string[] arguments) => RunAs(null, file, arguments);

    /// <summary>Runs a command to its end, as <paramref name="user"/> when running as root, and throws with its output if it fails.</summary>
    public static string RunAs(string? user, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(user is not null && IsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null && IsRoot)
        {
            foreach (var argument in new[] { "-u", user, "--", file })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 60 s.");
        }

        process.WaitForExit(); // the output's last lines
        lock (output)
        {
            return process.ExitCode == 0
                ? output.ToString()
                : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
