using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SurveyPlatform.Web.Api;
using SurveyPlatform.Web.Data;
using SurveyPlatform.Web.Surveys;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// The signed-in user's profile: their personal access tokens for the API. A new token's secret is
/// shown once, in the response to the post that made it (never in TempData, which is a cookie), and
/// only its hash is kept.
/// </summary>
public sealed class ProfileModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public TokenInput Input { get; set; } = new();

    public sealed class TokenInput
    {
        public string? Name { get; set; }
        public List<string> Scopes { get; set; } = [];
        public int? ExpiresInDays { get; set; } = 90;
    }

    public IReadOnlyList<PersonalAccessToken> Tokens { get; private set; } = [];

    /// <summary>Set only in the response that made the token.</summary>
    public string? NewSecret { get; private set; }

    public bool MayManageSurveys => User.IsInRole(Roles.SurveyOwner);

    public DateTime Now { get; private set; }

    public bool TwoFactorEnabled { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>A post without a known handler goes back to the page, not to an error.</summary>
    public IActionResult OnPost() => RedirectToPage("/Accounts/Profile");

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var scopes = Input.Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var error in PersonalAccessToken.Check(Input.Name, scopes, Input.ExpiresInDays, MayManageSurveys))
        {
            ModelState.AddModelError($"Input.{error.Field}", error.Message);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var (token, secret) = PersonalAccessToken.Create(User.UserId(), Input.Name!, scopes, Input.ExpiresInDays!.Value, clock.GetUtcNow().UtcDateTime);
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        NewSecret = secret;
        Input = new TokenInput();
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return NotFound();
        }

        token.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = $"The token \"{token.Name}\" was revoked; calls with it are refused from now on.";
        return RedirectToPage("/Accounts/Profile");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        Now = clock.GetUtcNow().UtcDateTime;
        TwoFactorEnabled = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync(cancellationToken);
        Tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
    }
}
