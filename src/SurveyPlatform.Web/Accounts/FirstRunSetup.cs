using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Creates the first Administrator. There is no default password: either the environment supplies
/// one (Bootstrap__AdminEmail / Bootstrap__AdminPassword) or a one-time setup token is printed.
/// Only the token's hash is held, in memory, and it is gone once used.
/// </summary>
public sealed class FirstRunSetup(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<FirstRunSetup> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _tokenHash;

    public bool IsPending => Volatile.Read(ref _tokenHash) is not null;

    /// <summary>Returns the setup path to announce, or null when nothing needs setting up.</summary>
    public async Task<string?> InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        if (admins.Count > 0)
        {
            await RunStepsAsync(scope.ServiceProvider, admins.OrderBy(a => a.Id, StringComparer.Ordinal).First().Id, cancellationToken);
            return null;
        }

        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            var result = await CreateAdministratorAsync(scope.ServiceProvider, email, password, cancellationToken);
            Check(result, "create the bootstrap administrator");
            logger.LogInformation("Created the first administrator from the Bootstrap settings");
            return null;
        }

        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Volatile.Write(ref _tokenHash, Hash(token));
        logger.LogWarning("No administrator exists; the one-time setup link is printed on the console");
        return $"/setup?token={token}";
    }

    public bool IsValidToken(string? token)
    {
        var expected = Volatile.Read(ref _tokenHash);
        return expected is not null && !string.IsNullOrEmpty(token)
            && CryptographicOperations.FixedTimeEquals(expected, Hash(token));
    }

    public async Task<IdentityResult> CompleteAsync(string? token, string email, string password, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsValidToken(token))
            {
                return IdentityResult.Failed(new IdentityError { Code = "SetupToken", Description = "This setup link is not valid or was already used." });
            }

            await using var scope = scopes.CreateAsyncScope();
            var result = await CreateAdministratorAsync(scope.ServiceProvider, email, password, cancellationToken);
            if (result.Succeeded)
            {
                Volatile.Write(ref _tokenHash, null);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<IdentityResult> CreateAdministratorAsync(IServiceProvider services, string email, string password, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var db = services.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new AppUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return result;
        }

        // The first user runs a small installation alone, so they get every role.
        result = await users.AddToRolesAsync(user, Roles.All);
        if (!result.Succeeded)
        {
            return result;
        }

        await transaction.CommitAsync(cancellationToken);
        await RunStepsAsync(services, user.Id, cancellationToken);
        return result;
    }

    private static async Task RunStepsAsync(IServiceProvider services, string administratorId, CancellationToken cancellationToken)
    {
        foreach (var step in services.GetServices<IFirstAdministratorStep>())
        {
            await step.RunAsync(administratorId, cancellationToken);
        }
    }

    public void Dispose() => _gate.Dispose();

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
