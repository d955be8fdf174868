using Microsoft.AspNetCore.Identity;

namespace SurveyPlatform.Web.Data;

public sealed class AppUser : IdentityUser
{
}
