using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SurveyPlatform.Domain.Surveys;
using SurveyPlatform.Web.Accounts;
using SurveyPlatform.Web.Data;

namespace SurveyPlatform.Web.Surveys;

[Authorize(Policy = Policies.SurveyOwners)]
public sealed class CreateModel(AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(Survey.TitleMaxLength, ErrorMessage = "Keep the title to 200 characters or fewer.")]
        public string Title { get; set; } = string.Empty;

        [StringLength(Survey.DescriptionMaxLength, ErrorMessage = "Keep the description to 4,000 characters or fewer.")]
        public string? Description { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var survey = Survey.Create(User.UserId(), Input.Title, Input.Description, clock.GetUtcNow().UtcDateTime);
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/surveys/{survey.Id}/edit");
    }
}
