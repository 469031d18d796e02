using Mediator;
using Radio.Application.Common;
using Radio.Domain.Station;

namespace Radio.Application.Station;

/// <summary>Joins the live stream: a listener on the shared broadcast, positioned for a short burst.</summary>
/// <param name="IcyMetadata">Whether the client asked for in-band titles (<c>Icy-MetaData: 1</c>).</param>
public sealed record ListenToStation(bool IcyMetadata) : IQuery<StationListener>;

public sealed class ListenToStationHandler(Broadcast broadcast) : IQueryHandler<ListenToStation, StationListener>
{
    public ValueTask<StationListener> Handle(ListenToStation query, CancellationToken cancellationToken) =>
        broadcast.OnAir
            ? ValueTask.FromResult(broadcast.Listen(query.IcyMetadata ? StationListener.DefaultIcyMetaInt : 0))
            : throw new ServiceUnavailableException("The station is off the air: the library has no songs yet.");
}
