namespace SurveyPlatform.Web.Accounts;

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string SurveyOwner = "SurveyOwner";
    public const string Researcher = "Researcher";

    public static readonly IReadOnlyList<string> All = [Administrator, SurveyOwner, Researcher];
}

public static class Policies
{
    public const string Administrators = "Administrators";
    public const string SurveyOwners = "SurveyOwners";
}
