using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// The hand-written migrations must build exactly the schema the EF model describes. We apply the
/// migrations to one empty database, let EF create the model's schema in another, and compare the
/// two catalogues: tables, columns (type, nullability, identity), keys, indexes and foreign keys.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task Migrations_OnAnEmptyDatabase_ProduceTheSchemaOfTheModel(DatabaseProviderKind provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var modelled = await TestDatabase.CreateAsync(provider);

        await using (var db = migrated.Context())
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = modelled.Context())
        {
            await db.Database.EnsureCreatedAsync(); // Throwaway database: the model's own schema.
        }

        var expected = await DescribeAsync(modelled);
        var actual = await DescribeAsync(migrated);
        Assert.NotEmpty(expected);
        Assert.Contains(expected, line => line.StartsWith("column Surveys.Title", StringComparison.Ordinal));
        Assert.True(
            expected.SequenceEqual(actual),
            "Only in the model: " + string.Join(" | ", expected.Except(actual)) + "\nOnly in the migrations: " + string.Join(" | ", actual.Except(expected)));
    }

    [Fact]
    public async Task Migrations_ApplyTwice_IsHarmless()
    {
        await using var database = TestDatabase.Sqlite();
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var db = database.Context();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = database.Kind == DatabaseProviderKind.Sqlite
            ? await DescribeSqliteAsync(connection)
            : await DescribePostgresAsync(connection);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' AND name <> '__EFMigrationsLock'");
        foreach (var table in tables.Select(t => t[0]))
        {
            lines.Add($"table {table}");
            var create = (await QueryAsync(connection, $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"))[0][0];
            lines.Add($"autoincrement {table} {create.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} type={c[1]} notnull={c[2]} pk={c[3]} default={c[4]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                var name = i[2] == "pk" ? "(pk)" : i[0];
                lines.Add($"index {table} {name} unique={i[1]} on {string.Join(",", columns.Select(x => x[0]))}");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> DescribePostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        const string Mine = "table_schema = 'public' AND table_name NOT LIKE 'qrtz%' AND table_name NOT LIKE '\\_\\_EF%'";
        foreach (var t in await QueryAsync(connection, $"SELECT table_name FROM information_schema.tables WHERE {Mine}"))
        {
            lines.Add($"table {t[0]}");
        }

        foreach (var c in await QueryAsync(connection,
                     $"SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, is_identity, identity_generation, column_default FROM information_schema.columns WHERE {Mine}"))
        {
            lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]}) nullable={c[4]} identity={c[5]}:{c[6]} default={c[7]}");
        }

        foreach (var i in await QueryAsync(connection,
                     "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'qrtz%' AND tablename NOT LIKE '\\_\\_EF%'"))
        {
            lines.Add($"index {i[0]} {i[1]} {i[2]}");
        }

        foreach (var k in await QueryAsync(connection,
                     """
                     SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
                     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                     WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT LIKE 'qrtz%' AND c.conrelid::regclass::text NOT LIKE '"\_\_EF%'
                     """))
        {
            lines.Add($"constraint {k[0]} {k[1]} {k[2]} {k[3]}");
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}
