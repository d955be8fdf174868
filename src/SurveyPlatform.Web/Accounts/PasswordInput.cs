using System.ComponentModel.DataAnnotations;

namespace SurveyPlatform.Web.Accounts;

public class PasswordInput
{
    [Required(ErrorMessage = "Enter a password.")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "Use at least 12 characters.")]
    public string Password { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    public string ConfirmPassword { get; set; } = string.Empty;
}
