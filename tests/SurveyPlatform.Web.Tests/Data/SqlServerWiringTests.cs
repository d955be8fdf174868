using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Jobs;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Data;

/// <summary>
/// <c>Database:Provider = SqlServer</c> reaches both EF Core and Hangfire: with no SQL Server engine here,
/// the proof is that the context is SQL Server's and that the job storage is Hangfire.SqlServer's, on
/// the database the connection string names (and fails to reach its server).
/// </summary>
public sealed class SqlServerWiringTests
{
    // Port 1 on loopback refuses at once; a one-second timeout keeps the failure quick.
    private const string Unreachable = "Server=tcp:127.0.0.1,1;Database=SurveyPlatform;User Id=sp;Password=unused;Encrypt=False;Connect Timeout=1";

    private static DatabaseProvider Provider(string? connectionString = Unreachable) =>
        DatabaseProvider.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "sqlserver",
                ["ConnectionStrings:Default"] = connectionString,
            }).Build(),
            new TestHostEnvironment());

    [Fact]
    public void TheProviderSetting_SelectsSqlServer_ForEfCore()
    {
        var provider = Provider();
        Assert.Equal(DatabaseProviderKind.SqlServer, provider.Kind);
        var services = new ServiceCollection().AddLogging().AddData(provider).BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        Assert.True(db.Database.IsSqlServer());
    }

    [Fact]
    public void TheJobStorage_IsHangfireSqlServer_OnTheSameConnectionString()
    {
        var storage = Assert.IsType<Hangfire.SqlServer.SqlServerStorage>(Provider().CreateJobStorage(new JobOptions()));
        Assert.Contains("SurveyPlatform", storage.ToString(), StringComparison.Ordinal); // the database the connection string names

        // Using it goes to that server (and fails here, where none runs), through Hangfire.SqlServer.
        var failure = Record.Exception(() => storage.GetMonitoringApi().Servers());
        Assert.NotNull(failure);
        Assert.Contains("Hangfire.SqlServer", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServer_WithoutAConnectionString_IsRefusedAtStart()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Provider(connectionString: null));
        Assert.Contains("ConnectionStrings:Default", failure.Message, StringComparison.Ordinal);
    }
}
