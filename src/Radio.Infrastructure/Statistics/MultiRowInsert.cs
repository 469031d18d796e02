using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Radio.Infrastructure.Statistics;

/// <summary>
/// <c>INSERT INTO t (…) VALUES (…), (…), …</c>: many rows in one statement on every provider, where SaveChanges
/// sends a statement per row on SQLite and PostgreSQL. Names, quoting and value conversions come from the EF model.
/// </summary>
internal static class MultiRowInsert
{
    // SQL Server takes at most 2100 parameters per statement, and 1000 rows per VALUES list
    private const int MaxParameters = 2000;
    private const int MaxRows = 1000;
    // Microsoft.Data.Sqlite matches each placeholder to its parameter by name through the whole list, so a
    // statement's binding time grows with the square of its parameters: past a few hundred, more rows per
    // statement cost more than the statements they save
    private const int MaxSqliteParameters = 200;

    /// <summary>Inserts the rows (store-generated keys left to the database); returns how many statements it took.</summary>
    public static async Task<int> InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        IProperty[] properties = [.. entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)];
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ";
        // only creates parameters of the provider's type; never executed
        await using var factory = db.Database.GetDbConnection().CreateCommand();

        var statements = 0;
        var maxParameters = db.Database.IsSqlite() ? MaxSqliteParameters : MaxParameters;
        foreach (var chunk in rows.Chunk(Math.Min(MaxRows, maxParameters / properties.Length)))
        {
            var text = new StringBuilder(head);
            var parameters = new List<DbParameter>(chunk.Length * properties.Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < properties.Length; column++)
                {
                    var property = properties[column];
                    var name = "p" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    parameters.Add(property.GetRelationalTypeMapping().CreateParameter(
                        factory, sql.GenerateParameterName(name), property.GetGetter().GetClrValueUsingContainingEntity(chunk[row]),
                        property.IsNullable));
                    text.Append(column == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }

                text.Append(')');
            }

            await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
            statements++;
        }

        return statements;
    }
}
