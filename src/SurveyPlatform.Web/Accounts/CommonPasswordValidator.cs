using Microsoft.AspNetCore.Identity;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Refuses passwords on the common/breached list (and such a password with digits added, or repeated)
/// wherever Identity sets one: first-run setup, the bootstrap administrator, an accepted invitation
/// and a password change. Its codes start with "Password" so pages show the message at the password field.
/// </summary>
public sealed class CommonPasswordValidator(CommonPasswords list) : IPasswordValidator<AppUser>
{
    public const string ListedCode = "PasswordCommon";
    public const string ListedWithDigitsCode = "PasswordCommonWithDigits";
    public const string RepeatedCode = "PasswordRepeated";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var error = list.Check(password ?? string.Empty) switch
        {
            CommonPasswordMatch.Listed => new IdentityError
            {
                Code = ListedCode,
                Description = "This password is on a list of common or breached passwords that attackers try first. Choose another, such as a few unrelated words.",
            },
            CommonPasswordMatch.ListedWithDigits => new IdentityError
            {
                Code = ListedWithDigitsCode,
                Description = "This password is a common or breached password with digits added, which attackers try early. Choose another, such as a few unrelated words.",
            },
            CommonPasswordMatch.Repeated => new IdentityError
            {
                Code = RepeatedCode,
                Description = "This password repeats a common password or a short piece of text, which attackers try early. Choose another, such as a few unrelated words.",
            },
            _ => null,
        };
        return Task.FromResult(error is null ? IdentityResult.Success : IdentityResult.Failed(error));
    }
}
