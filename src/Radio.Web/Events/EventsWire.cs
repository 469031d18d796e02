namespace Radio.Web.Events;

/// <summary>The <c>listeners</c> event's data.</summary>
public sealed record ListenersEvent(int Listeners);
