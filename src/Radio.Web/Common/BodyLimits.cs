namespace Radio.Web.Common;

/// <summary>
/// How many bytes a request body may have (API.md, Limits and abuse): every JSON body is small, so the server never
/// reads megabytes a client sends for a heartbeat. Applied as the server's per-request limit, so a body past it is
/// refused while it is read (413), chunked or not.
/// </summary>
internal static class BodyLimits
{
    public const long Json = 64 * 1024;

    public const long Heartbeat = 4 * 1024;
}
