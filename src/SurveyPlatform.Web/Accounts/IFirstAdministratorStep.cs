namespace SurveyPlatform.Web.Accounts;

/// <summary>
/// Work another feature does once the installation has an administrator (the demo data seeds itself
/// this way, owned by that administrator). <see cref="FirstRunSetup"/> runs every registered step at
/// start when an administrator exists, and again when the first one is created; a step must be
/// idempotent. Accounts knows only this interface, not the features behind it.
/// </summary>
public interface IFirstAdministratorStep
{
    Task RunAsync(string administratorId, CancellationToken cancellationToken);
}
