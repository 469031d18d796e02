using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Radio.Infrastructure.Common;

namespace Radio.Infrastructure.Persistence;

/// <summary>Counts the database commands that failed (<c>radio.database.errors</c>), whatever issued them.</summary>
internal sealed class DatabaseErrorCounter(RadioMetrics metrics) : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => metrics.DatabaseError();

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        metrics.DatabaseError();
        return Task.CompletedTask;
    }
}
