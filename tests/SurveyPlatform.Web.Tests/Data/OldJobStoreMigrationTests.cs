using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>A database upgraded from the version before Hangfire loses the old scheduler's tables, and only those.</summary>
public sealed class OldJobStoreMigrationTests
{
    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task TheOldSchedulersTables_AreDropped_ByTheMigration(DatabaseProviderKind provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261204000011_DataProtectionKeys");

#pragma warning disable EF1002, EF1003 // The table names are the test's own constants.
        // What the old scheduler created at start (two of its tables, with the foreign key between them).
        var jobs = provider == DatabaseProviderKind.Sqlite ? "QRTZ_JOB_DETAILS" : "qrtz_job_details";
        var triggers = provider == DatabaseProviderKind.Sqlite ? "QRTZ_TRIGGERS" : "qrtz_triggers";
        await db.Database.ExecuteSqlRawAsync($"CREATE TABLE {jobs} (sched_name varchar(120) NOT NULL, job_name varchar(200) NOT NULL, PRIMARY KEY (sched_name, job_name))");
        await db.Database.ExecuteSqlRawAsync(
            $"CREATE TABLE {triggers} (sched_name varchar(120) NOT NULL, trigger_name varchar(200) NOT NULL, job_name varchar(200) NOT NULL, " +
            $"PRIMARY KEY (sched_name, trigger_name), FOREIGN KEY (sched_name, job_name) REFERENCES {jobs} (sched_name, job_name))");
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO {jobs} VALUES ('SurveyPlatform', 'score-1')");
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO {triggers} VALUES ('SurveyPlatform', 't1', 'score-1')");
#pragma warning restore EF1002, EF1003
        Assert.Equal(2, await OldTablesAsync(db, provider));

        await migrator.MigrateAsync();

        Assert.Equal(0, await OldTablesAsync(db, provider));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.True(await db.Surveys.CountAsync() >= 0); // the application's tables are untouched
    }

    private static async Task<int> OldTablesAsync(AppDbContext db, DatabaseProviderKind provider)
    {
        var sql = provider == DatabaseProviderKind.Sqlite
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name LIKE 'qrtz%'"
            : "SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name LIKE 'qrtz%'";
        return await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
    }
}
