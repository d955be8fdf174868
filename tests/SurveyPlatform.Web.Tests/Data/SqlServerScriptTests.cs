using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// SQL Server is built but no engine runs here, so its migration scripts are generated offline (no
/// connection is opened), parsed as T-SQL and replayed (SqlServerScriptReplay) against the rules
/// SQL Server enforces; the schema they build must equal the SQL Server model, as MigrationSchemaTests
/// proves for SQLite and PostgreSQL on real databases.
/// </summary>
public sealed class SqlServerScriptTests
{
    private const string UnusedConnection = "Server=unused;Database=SurveyPlatform;User Id=unused;Password=unused;Encrypt=True";

    private static readonly Lazy<Scripts> Generated = new(() =>
    {
        using var db = SqlServerContext();
        var migrator = db.GetService<IMigrator>();
        var last = db.Database.GetMigrations().Last();
        return new Scripts(
            Plain: migrator.GenerateScript(),
            Idempotent: migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent),
            Down: migrator.GenerateScript(fromMigration: last, toMigration: Migration.InitialDatabase),
            Model: db.Database.GenerateCreateScript());
    });

    [Fact]
    public void Model_ForSqlServer_BuildsWithItsRelationalModel()
    {
        using var db = SqlServerContext();
        Assert.True(db.Database.IsSqlServer());
        Assert.Contains(db.Model.GetRelationalModel().Tables, t => t.Name == "Surveys");
        Assert.Contains(DesignTimeModel(db).Tables, t => t.Name == "RespondentScores");
        Assert.Equal("nvarchar(450)", DesignTimeModel(db).FindTable("AspNetUsers", null)!.FindColumn("Id")!.StoreType);
    }

    [Fact]
    public void Scripts_ForSqlServer_ParseAsTSql()
    {
        var scripts = Generated.Value;
        foreach (var (name, script) in new[] { ("plain", scripts.Plain), ("idempotent", scripts.Idempotent), ("down", scripts.Down), ("model", scripts.Model) })
        {
            var replay = SqlServerScriptReplay.Run(script);
            Assert.True(replay.ParseErrors.Count == 0, $"The {name} script: {string.Join("\n", replay.ParseErrors)}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MigrationScript_ReplayedOffline_BuildsTheSchemaOfTheModelAndNothingSqlServerRefuses(bool idempotent)
    {
        using var db = SqlServerContext();
        var replay = SqlServerScriptReplay.Run(idempotent ? Generated.Value.Idempotent : Generated.Value.Plain);
        AssertNone(replay.ParseErrors);
        AssertNone(replay.Refusals);

        var expected = Describe(DesignTimeModel(db));
        var actual = replay.Describe(withDefaults: false);
        Assert.Contains("column AspNetUsers.Id nvarchar(450) NOT NULL", expected);
        Assert.Contains("column AspNetRoleClaims.Id int NOT NULL IDENTITY", expected);
        Assert.Contains("index Surveys IX_Surveys_PublicCode unique (PublicCode) where [PublicCode] IS NOT NULL", expected);
        AssertSameLines(expected, actual);

        // EF's own DDL for the model (defaults included) builds the same catalogue.
        var modelled = SqlServerScriptReplay.Run(Generated.Value.Model);
        AssertNone(modelled.Refusals);
        AssertSameLines(expected, modelled.Describe(withDefaults: false));
        AssertSameLines(modelled.Describe(withDefaults: true), replay.Describe(withDefaults: true));
    }

    [Fact]
    public void DownScript_AfterTheMigrations_LeavesOnlyTheHistoryTable()
    {
        var replay = SqlServerScriptReplay.Run(Generated.Value.Plain, Generated.Value.Down);
        AssertNone(replay.ParseErrors);
        AssertNone(replay.Refusals);
        Assert.Equal([SqlServerScriptReplay.HistoryTable], replay.TableNames);
    }

    /// <summary>
    /// Keys whose columns may together pass 900 bytes: ASP.NET Identity's own composite keys of two or
    /// three nvarchar(450) columns (EF creates them so for every Identity database on SQL Server) and a
    /// share's survey and user. SQL Server creates them with a warning; their real values (provider
    /// names, GUID strings) stay far below the limit. Any other key must be added here knowingly.
    /// </summary>
    private static readonly string[] KeysThatMayPassTheLimit =
        ["AspNetUserLogins PK_AspNetUserLogins", "AspNetUserRoles PK_AspNetUserRoles", "AspNetUserTokens PK_AspNetUserTokens", "SurveyShares PK_SurveyShares"];

    [Fact]
    public void KeysAndIndexes_InTheSqlServerModel_FitSqlServersKeyLimit()
    {
        using var db = SqlServerContext();
        var problems = new List<string>();
        var mayPassTheLimit = new List<string>();
        foreach (var table in DesignTimeModel(db).Tables)
        {
            var keys = table.Indexes.Select(i => (i.Name, i.Columns))
                .Concat(table.UniqueConstraints.Select(u => (u.Name, u.Columns)));
            foreach (var (name, columns) in keys)
            {
                var bytes = columns.Select(c => SqlServerScriptReplay.KeyBytes(c.StoreType)).ToList();
                if (bytes.Any(b => b is null or > 900))
                {
                    problems.Add($"{table.Name} {name}: {string.Join(", ", columns.Select(c => $"{c.Name} {c.StoreType}"))}");
                }
                else if (bytes.Sum() > 900)
                {
                    mayPassTheLimit.Add($"{table.Name} {name}");
                }
            }
        }

        AssertNone(problems);
        Assert.Equal(KeysThatMayPassTheLimit.Order(StringComparer.Ordinal), mayPassTheLimit.Order(StringComparer.Ordinal));
        Assert.Equal(KeysThatMayPassTheLimit.Order(StringComparer.Ordinal), SqlServerScriptReplay.Run(Generated.Value.Plain).Warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CascadeDeletes_InTheSqlServerModel_ReachEachTableByOnePath()
    {
        using var db = SqlServerContext();
        var edges = CascadeEdges(DesignTimeModel(db));
        Assert.Contains(edges, e => e is { Principal: "Surveys", Dependent: "Responses" });
        AssertNone(CascadePaths.Problems(edges));
        AssertNone(CascadePaths.Problems(SqlServerScriptReplay.Run(Generated.Value.Plain).CascadeEdges()));
    }

    // The same check on the SQLite model, which keeps both cascades, finds the two paths SQL Server refuses.
    [Fact]
    public void CascadeDeletes_InTheSqliteModel_ReachTwoTablesByTwoPaths()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=unused.db");
        using var db = new AppDbContext(options.Options);
        var problems = CascadePaths.Problems(CascadeEdges(DesignTimeModel(db)));
        Assert.Contains(problems, p => p.StartsWith("RespondentScores is reached from Surveys by 2 cascade paths", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Deliveries is reached from Surveys by 2 cascade paths", StringComparison.Ordinal));
    }

    // Without the generator that reads types from the model, EF's own SQL Server SQL for these migrations is refused.
    [Fact]
    public void MigrationScript_WithoutTheModelsColumnTypes_PutsNvarcharMaxInKeys()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlServer(UnusedConnection);
        using var db = new AppDbContext(options.Options);
        var replay = SqlServerScriptReplay.Run(db.GetService<IMigrator>().GenerateScript());
        Assert.Contains("PK_AspNetUsers: AspNetUsers.Id is nvarchar(max), which no key or index can hold", replay.Refusals);
    }

    private static AppDbContext SqlServerContext()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Default"] = UnusedConnection,
        }).Build();
        var provider = DatabaseProvider.FromConfiguration(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath() });
        var options = new DbContextOptionsBuilder<AppDbContext>();
        provider.ConfigureEntityFramework(options);
        return new AppDbContext(options.Options);
    }

    private static IRelationalModel DesignTimeModel(AppDbContext db) =>
        db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    private static List<CascadePaths.Edge> CascadeEdges(IRelationalModel model) =>
        [.. model.Tables.SelectMany(t => t.ForeignKeyConstraints)
            .Where(f => f.OnDeleteAction is ReferentialAction.Cascade or ReferentialAction.SetNull or ReferentialAction.SetDefault)
            .Select(f => new CascadePaths.Edge(f.PrincipalTable.Name, f.Table.Name, f.Name))];

    private static List<string> Describe(IRelationalModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.Tables)
        {
            var storeObject = StoreObjectIdentifier.Table(table.Name, table.Schema);
            lines.Add($"table {table.Name}");
            lines.AddRange(table.Columns.Select(c => SqlServerScriptReplay.ColumnLine(
                table.Name,
                c.Name,
                c.StoreType,
                c.IsNullable,
                c.PropertyMappings.Any(m => SqlServerPropertyExtensions.GetValueGenerationStrategy(m.Property, storeObject) == SqlServerValueGenerationStrategy.IdentityColumn))));
            if (table.PrimaryKey is { } key)
            {
                lines.Add(SqlServerScriptReplay.PrimaryKeyLine(table.Name, key.Name, key.Columns.Select(c => c.Name)));
            }

            lines.AddRange(table.UniqueConstraints.Where(u => u != table.PrimaryKey).Select(u => $"unique constraint {table.Name} {u.Name}"));
            lines.AddRange(table.Indexes.Select(i => SqlServerScriptReplay.IndexLine(table.Name, i.Name, i.IsUnique, i.Columns.Select(c => c.Name), i.Filter)));
            lines.AddRange(table.ForeignKeyConstraints.Select(f => SqlServerScriptReplay.ForeignKeyLine(
                table.Name,
                f.Name,
                f.Columns.Select(c => c.Name),
                f.PrincipalTable.Name,
                f.PrincipalColumns.Select(c => c.Name),
                f.OnDeleteAction switch
                {
                    ReferentialAction.Cascade => "CASCADE",
                    ReferentialAction.SetNull => "SET NULL",
                    ReferentialAction.SetDefault => "SET DEFAULT",
                    _ => "NO ACTION",
                })));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void AssertNone(List<string> findings) =>
        Assert.True(findings.Count == 0, string.Join("\n", findings));

    private static void AssertSameLines(List<string> expected, List<string> actual) =>
        Assert.True(
            expected.SequenceEqual(actual),
            "Only expected: " + string.Join(" | ", expected.Except(actual)) + "\nOnly in the script: " + string.Join(" | ", actual.Except(expected)));

    private sealed record Scripts(string Plain, string Idempotent, string Down, string Model);
}
