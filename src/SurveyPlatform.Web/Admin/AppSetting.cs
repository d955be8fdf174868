namespace SurveyPlatform.Web.Admin;

/// <summary>
/// One setting an Administrator changes in the app (not in a configuration file), by name. A setting
/// that has never been saved has no row, and its reader supplies the default.
/// </summary>
public sealed class AppSetting
{
    public const int NameMaxLength = 100;
    public const int ValueMaxLength = 400;

    private AppSetting()
    {
        Name = null!;
        Value = null!;
    }

    public string Name { get; private set; }
    public string Value { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static AppSetting Create(string name, string value, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Length > NameMaxLength || value.Length > ValueMaxLength)
        {
            throw new ArgumentException($"A setting's name has at most {NameMaxLength} characters and its value at most {ValueMaxLength}.");
        }

        return new AppSetting { Name = name, Value = value, UpdatedAt = now };
    }

    /// <summary>Sets the value; returns false (and changes nothing) when it already had it.</summary>
    public bool Change(string value, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > ValueMaxLength)
        {
            throw new ArgumentException($"A setting's value has at most {ValueMaxLength} characters.", nameof(value));
        }

        if (string.Equals(Value, value, StringComparison.Ordinal))
        {
            return false;
        }

        Value = value;
        UpdatedAt = now;
        return true;
    }
}
