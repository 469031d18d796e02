using Mediator;
using Radio.Application.Common;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>Joins the live stream: a listener on the shared broadcast, primed with a short burst.</summary>
public sealed record ListenToStation : IQuery<StationListener>;

public sealed class ListenToStationHandler(Broadcast broadcast) : IQueryHandler<ListenToStation, StationListener>
{
    public ValueTask<StationListener> Handle(ListenToStation query, CancellationToken cancellationToken) =>
        broadcast.OnAir
            ? ValueTask.FromResult(broadcast.Listen())
            : throw new ServiceUnavailableException("The station is off the air: the library has no songs yet.");
}
