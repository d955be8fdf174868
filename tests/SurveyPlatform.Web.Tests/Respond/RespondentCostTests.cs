using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SurveyPlatform.LoadTest;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Tests.Infrastructure;

namespace SurveyPlatform.Web.Tests.Respond;

/// <summary>What one respondent costs the database: the SQL commands of a 3-page, 15-question survey from the first GET to the thank-you page.</summary>
public sealed class RespondentCostTests
{
    /// <summary>The goal of issue 15 (42 before it).</summary>
    private const int Limit = 12;

    [Theory]
    [InlineData(DatabaseProviderKind.Sqlite)]
    [InlineData(DatabaseProviderKind.PostgreSql)]
    public async Task ACompletedThreePageRespondent_TakesAtMostTwelveSqlCommands_AndNeverReadsTheDraft(DatabaseProviderKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var counter = new SqlCommandCounter();
        await using var app = new AppFactory(database).WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<AppDbContext>((provider, options) => options.AddInterceptors(counter.For(provider.GetRequiredService<IHttpContextAccessor>())));
        }));
        Guid surveyId;
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (surveyId, code) = await LoadSurvey.PublishAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), DateTime.UtcNow, CancellationToken.None);
        }

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var requests = 0;
        Respondent New(int seed) => new(client, client.BaseAddress!, code, new Random(seed), (_, _, _) => Interlocked.Increment(ref requests));

        await New(1).CompleteAsync(() => false); // The first respondent warms the caches and loads the key ring.
        counter.Commands.Clear();
        requests = 0;
        var completion = await New(2).CompleteAsync(() => false);

        Assert.Equal(7, requests); // Three pages shown and posted, and the thank-you page.
        var commands = counter.Commands.ToList();
        Assert.True(commands.Count <= Limit, $"{commands.Count} SQL commands for one respondent (at most {Limit}):\n{string.Join("\n", commands)}");
        // The survey's draft (a JSON document the respondent pages never use) stays in the database.
        Assert.DoesNotContain(commands, c => c.Contains("DraftDefinitionJson", StringComparison.Ordinal));

        await using var check = database.Context();
        Assert.Equal(completion.Sent.Count(s => s.Value.Length > 0), await check.Answers.CountAsync(a => a.ResponseId == completion.ResponseId));
        Assert.True(await check.ResponseSessions.AnyAsync(s => s.Id == completion.ResponseId && s.CompletedAt != null && s.SurveyId == surveyId));
    }

    /// <summary>Counts the SQL commands run for the public respondent pages (/s/…), not for background work.</summary>
    private sealed class SqlCommandCounter
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public IInterceptor For(IHttpContextAccessor http) => new Interceptor(this, http);

        // Savepoints are commands too, sent by the provider's transaction rather than as EF Core commands.
        private sealed class Interceptor(SqlCommandCounter counter, IHttpContextAccessor http) : DbCommandInterceptor, IDbTransactionInterceptor
        {
            public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
            {
                Count(result.CommandText);
                return result;
            }

            public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
            {
                Count("SAVEPOINT");
                return ValueTask.FromResult(result);
            }

            public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
            {
                Count("RELEASE SAVEPOINT");
                return ValueTask.FromResult(result);
            }

            private void Count(string sql)
            {
                if (http.HttpContext?.Request.Path.StartsWithSegments("/s") == true)
                {
                    counter.Commands.Enqueue($"{http.HttpContext.Request.Method} {http.HttpContext.Request.Path}: {sql.ReplaceLineEndings(" ")}");
                }
            }
        }
    }
}
