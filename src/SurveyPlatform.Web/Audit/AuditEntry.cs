using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SurveyPlatform.Web.Audit;

/// <summary>
/// One line of the audit trail. Immutable: every value is set by <see cref="Append"/> and nothing
/// changes it afterwards (no setters, no behaviour; AuditEntryGuard refuses an update or delete
/// through EF, and a database trigger refuses one through SQL). Each entry's <see cref="Hash"/> is
/// SHA-256 over the previous entry's hash and a canonical serialisation of its own values, so a row
/// changed, removed or inserted outside the application breaks the chain at that row
/// (<see cref="AuditChain.VerifyAsync"/>). The actor's e-mail is copied so the trail still reads
/// after the account is deleted; <see cref="SurveyId"/> is a plain column, not a foreign key, so
/// deleting a survey leaves its entries in place.
/// </summary>
public sealed class AuditEntry
{
    public const int ActorIdMaxLength = 450;
    public const int ActorEmailMaxLength = 256;
    public const int ClientAddressMaxLength = 64;
    public const int KindMaxLength = 64;
    public const int WhatMaxLength = 1000;
    public const int HashLength = 64;

    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', HashLength);

    private AuditEntry()
    {
        ActorId = null!;
        ActorEmail = null!;
        Kind = null!;
        What = null!;
        PreviousHash = null!;
        Hash = null!;
    }

    public Guid Id { get; private init; }

    /// <summary>1, 2, 3…: unique, without gaps, in the order the entries were appended.</summary>
    public long Sequence { get; private init; }

    /// <summary>UTC, to the microsecond (what every supported database stores exactly).</summary>
    public DateTime At { get; private init; }

    /// <summary>The user's id, or <see cref="AuditActor.Anonymous"/> or <see cref="AuditActor.System"/>.</summary>
    public string ActorId { get; private init; }

    public string ActorEmail { get; private init; }

    /// <summary>The personal access token the request came with (API calls), else null.</summary>
    public Guid? TokenId { get; private init; }

    public string? ClientAddress { get; private init; }

    public Guid? SurveyId { get; private init; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public string Kind { get; private init; }

    /// <summary>A short description (no secrets, tokens or answers).</summary>
    public string What { get; private init; }

    public string PreviousHash { get; private init; }
    public string Hash { get; private init; }

    /// <summary>The entry that follows the one with <paramref name="previousSequence"/> and <paramref name="previousHash"/> (0 and <see cref="GenesisHash"/> for the first).</summary>
    public static AuditEntry Append(long previousSequence, string previousHash, DateTime at, AuditActor actor, string kind, Guid? surveyId, string what)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrEmpty(previousHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (kind.Length > KindMaxLength)
        {
            throw new ArgumentException($"An audit kind has at most {KindMaxLength} characters.", nameof(kind));
        }

        var utc = at.Kind == DateTimeKind.Utc ? at : at.ToUniversalTime();
        return new AuditEntry(
            Guid.NewGuid(),
            previousSequence + 1,
            new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc),
            actor,
            kind,
            surveyId,
            what ?? string.Empty,
            previousHash);
    }

    private AuditEntry(Guid id, long sequence, DateTime at, AuditActor actor, string kind, Guid? surveyId, string what, string previousHash)
    {
        Id = id;
        Sequence = sequence;
        At = at;
        ActorId = Clip(actor.Id, ActorIdMaxLength);
        ActorEmail = Clip(actor.Email, ActorEmailMaxLength);
        TokenId = actor.TokenId;
        ClientAddress = actor.ClientAddress is null ? null : Clip(actor.ClientAddress, ClientAddressMaxLength);
        SurveyId = surveyId;
        Kind = kind;
        What = Clip(what, WhatMaxLength);
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>
    /// SHA-256 (lower-case hex) over the previous hash, a line feed, and the entry's values as a
    /// JSON array in a fixed order: sequence, id, time (ISO 8601 UTC to the microsecond), actor id,
    /// actor e-mail, token id, client address, survey id, kind, what. Documented in docs/security.md
    /// so the chain can be checked without this code.
    /// </summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PreviousHash + "\n" + Canonical())));

    public string Canonical()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            json.WriteNumberValue(Sequence);
            json.WriteStringValue(Id.ToString("D"));
            json.WriteStringValue(At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteStringValue(ActorId);
            json.WriteStringValue(ActorEmail);
            WriteNullable(json, TokenId?.ToString("D"));
            WriteNullable(json, ClientAddress);
            WriteNullable(json, SurveyId?.ToString("D"));
            json.WriteStringValue(Kind);
            json.WriteStringValue(What);
            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    private static string Clip(string value, int length) => value.Length > length ? value[..length] : value;
}

/// <summary>Who did something: a user (id and e-mail), or <see cref="Anonymous"/> (not signed in) or <see cref="System"/> (a background job).</summary>
public sealed record AuditActor(string Id, string Email, Guid? TokenId = null, string? ClientAddress = null)
{
    public const string Anonymous = "anonymous";
    public const string System = "system";

    public static AuditActor SystemActor { get; } = new(System, System);
}
