namespace Radio.IntegrationTests.Station;

/// <summary>A <see cref="KestrelRadioApp"/> whose library holds two short songs, on the air before the tests start.</summary>
public class StationApp : KestrelRadioApp, IAsyncLifetime
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Radio:Station:ScheduleIntervalSeconds"] = "0.5",
        ["Radio:Station:ScheduleAheadSeconds"] = "30",
    };

    public async Task InitializeAsync()
    {
        await this.AddSongAsync("Song A", 4);
        await this.AddSongAsync("Song B", 4);
        await this.WaitOnAirAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // a full burst for the first listener
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
