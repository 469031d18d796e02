using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc.Formatters;
using Radio.Domain.Statistics;

namespace Radio.Web.Statistics;

/// <summary>
/// <c>Accept: text/csv</c> for the station statistics: a header row, then one row per interval, the length buckets
/// flattened into <c>sessions_lt_1m</c> … <c>sessions_gt_2h</c>. Every field is a number or a timestamp, so nothing
/// needs quoting.
/// </summary>
internal sealed class StatsCsvFormatter : TextOutputFormatter
{
    public const string MediaType = "text/csv";

    public static readonly IReadOnlyList<string> Header =
    [
        "start", "listening_seconds", "unique_listeners", "sessions", "average_session_seconds",
        "sessions_lt_1m", "sessions_1_5m", "sessions_5_15m", "sessions_15_30m", "sessions_30_60m", "sessions_1_2h", "sessions_gt_2h",
    ];

    public StatsCsvFormatter()
    {
        SupportedMediaTypes.Add(MediaType);
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    protected override bool CanWriteType(Type? type) => type is not null && typeof(IEnumerable<StatsIntervalResponse>).IsAssignableFrom(type);

    public override async Task WriteResponseBodyAsync(OutputFormatterWriteContext context, Encoding selectedEncoding)
    {
        var text = new StringBuilder();
        // RFC 4180 ends every record with CRLF
        text.AppendJoin(',', Header).Append("\r\n");
        foreach (var row in (IEnumerable<StatsIntervalResponse>)context.Object!)
        {
            text.Append(row.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append(CultureInfo.InvariantCulture, $",{row.ListeningSeconds},{row.UniqueListeners},{row.Sessions},{row.AverageSessionSeconds}");
            foreach (var bucket in SessionLengths.Names)
            {
                text.Append(CultureInfo.InvariantCulture, $",{row.SessionLengths[bucket]}");
            }

            text.Append("\r\n");
        }

        await context.HttpContext.Response.WriteAsync(text.ToString(), selectedEncoding, context.HttpContext.RequestAborted);
    }
}
