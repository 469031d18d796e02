using Radio.IntegrationTests.Station;
using Serilog.Events;

namespace Radio.IntegrationTests.Operations;

/// <summary>A race Radio expects and handles is not an error in the log; EF Core would log it as one.</summary>
public sealed class LostRaceLoggingTests(LoggedApp app) : IClassFixture<LoggedApp>
{
    [Fact]
    public async Task A_schedule_entry_another_instance_wrote_first_leaves_no_error_in_the_log()
    {
        var songId = await app.AddSongAsync("Logged race", 5);
        var before = app.Logs.Events.Count;

        var lost = await app.AppendATakenScheduleEntryAsync(songId);

        lost.Should().BeFalse("the sequence number was taken: a lost race");
        app.Logs.Events.Skip(before).Where(e => e.Level >= LogEventLevel.Warning)
            .Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))
            .Should().BeEmpty("the keeper handles the duplicate key; EF's own error event for it would page an operator for nothing");
    }
}
