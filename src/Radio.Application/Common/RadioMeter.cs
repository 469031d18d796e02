namespace Radio.Application.Common;

/// <summary>The one meter every Radio instrument belongs to, whichever project records it; <c>/metrics</c> exports it.</summary>
public static class RadioMeter
{
    public const string Name = "Radio.Listening";
}
