using Radio.Infrastructure.Persistence;
using Serilog.Events;

namespace Radio.Web.Common;

/// <summary>
/// EF Core logs every failed command and save as an error, the races Radio expects and handles too (an entry another
/// instance appended first, one name registered twice at once). This recognises those events, so that they are
/// dropped and an error in the log is always worth an operator's look.
/// </summary>
internal static class EntityFrameworkLogs
{
    private const string Source = "Microsoft.EntityFrameworkCore";

    public static bool IsLostRace(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: string name }
        && name.StartsWith(Source, StringComparison.Ordinal)
        && DatabaseErrors.IsLostRace(logEvent.Exception);
}
