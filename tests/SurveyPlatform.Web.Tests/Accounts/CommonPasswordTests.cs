using SurveyPlatform.Web.Accounts;

namespace SurveyPlatform.Web.Tests.Accounts;

/// <summary>The shipped list itself, read from the embedded resource as the app reads it.</summary>
public sealed class CommonPasswordTests
{
    private static readonly CommonPasswords List = new();

    [Fact]
    public void TheShippedList_HoldsAFewHundredThousandEntries()
    {
        Assert.InRange(List.Count, 300_000, 400_000);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("qwertyuiopas")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("ILoveYou1234")]
    public void APasswordOnTheList_IsListed_WhateverItsLetterCase(string password)
    {
        Assert.Equal(CommonPasswordMatch.Listed, List.Check(password));
    }

    [Theory]
    [InlineData("elephant20252025")]
    [InlineData("Liverpool19871987")]
    public void ACommonPasswordWithDigitsAdded_IsRefusedAsSuch(string password)
    {
        Assert.Equal(CommonPasswordMatch.ListedWithDigits, List.Check(password));
    }

    [Theory]
    [InlineData("sunflowersunflower")]
    [InlineData("tigertigertiger")]
    [InlineData("abcabcabcabc")]
    [InlineData("kq7kq7kq7kq7")]
    public void ACommonPasswordOrShortPieceRepeated_IsRefusedAsSuch(string password)
    {
        Assert.Equal(CommonPasswordMatch.Repeated, List.Check(password));
    }

    [Theory]
    [InlineData("violet kettle under rain")]
    [InlineData("correct horse battery")]
    [InlineData("a long password here")]
    [InlineData("twelve chars ok")]
    [InlineData("q7#Lm2vX9pRt")]
    public void APassphraseOrRandomPassword_IsNotRefused(string password)
    {
        Assert.Null(List.Check(password));
    }

    [Fact]
    public void RepeatedPiece_FindsTheShortestPieceOnlyWhenItFillsTheWholeText()
    {
        Assert.Equal("ab", CommonPasswords.RepeatedPiece("abababab"));
        Assert.Equal("monkey", CommonPasswords.RepeatedPiece("monkeymonkey"));
        Assert.Null(CommonPasswords.RepeatedPiece("monkeymonke"));
        Assert.Null(CommonPasswords.RepeatedPiece("monkey"));
    }
}
