using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Tests.Privacy;

/// <summary>Looks for a text in every text column of every table of the model (case-insensitive), straight in SQL.</summary>
public static class DatabaseScan
{
    /// <summary>"Table.Column" for each column that holds <paramref name="text"/>, with its number of rows.</summary>
    public static async Task<IReadOnlyList<string>> WhereAsync(AppDbContext db, string text)
    {
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is not { } column)
                {
                    continue;
                }

                var sql = $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\" WHERE LOWER(\"{column}\") LIKE {{0}}";
                var count = await db.Database.SqlQueryRaw<int>(sql, $"%{text.ToLowerInvariant()}%").SingleAsync();
                if (count > 0)
                {
                    found.Add($"{table}.{column}: {count}");
                }
            }
        }

        return found;
    }
}
