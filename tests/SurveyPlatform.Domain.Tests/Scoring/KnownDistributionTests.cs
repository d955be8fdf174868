using SurveyPlatform.Domain.Questionnaires;
using SurveyPlatform.Domain.Scoring.Model;
using SurveyPlatform.Domain.Templates;

namespace SurveyPlatform.Domain.Tests.Scoring;

/// <summary>
/// The JTBD index of 3,000 synthetic flagship responses drawn from set probabilities recovers what
/// those probabilities imply: adoption Σ pᵢ·wᵢ and opportunity (E[pain] + E[manual]) / 2 per job,
/// within 4.5 standard errors computed from the probabilities and the job's n; the quadrants of the
/// implied values; and the segment shares.
/// </summary>
public sealed class KnownDistributionTests
{
    private const int Responses = 3000;
    private const double NotApplicableShare = 0.1;
    // Standard errors. About 240 estimates are checked (adoption, opportunity and their n per job), so 4.5 SE
    // keeps the chance that any one falls outside by luck near 0.2% for whatever seed or draw order.
    private const double Tolerance = 4.5;

    private static readonly double[] StageWeights = [0, 25, 50, 75, 100];
    private static readonly Dictionary<string, double> Shares = new(StringComparer.Ordinal) { ["payer"] = 0.3, ["pharma"] = 0.3, ["provider"] = 0.4 };

    // Opportunity ranks are (m·r + 3) mod n of the adoption ranks r, with m prime to the segment's job count, so all quadrants occur.
    private static readonly Dictionary<string, int> Multipliers = new(StringComparer.Ordinal) { ["payer"] = 3, ["pharma"] = 5, ["provider"] = 7 };

    private static readonly SurveyDefinition Definition = HealthcareAiAdoption.Template.Definition;
    private static readonly Dictionary<(string Segment, string Row), Cell> Design = BuildDesign();
    private static readonly Lazy<JtbdIndex> Index = new(BuildIndex);

    /// <summary>The set probabilities of one job in one segment: over the stages, the pain ratings 1–5 and the manual shares.</summary>
    private sealed record Cell(double[] Stage, double[] Pain, double[] Manual);

    /// <summary>
    /// The target (0–100) of rank k among n jobs: the lower half spread over 10–40, the upper half over
    /// 60–90, and for odd n the middle rank at 50, so each median sits in a 10-point gap from every
    /// other job (about ten standard errors).
    /// </summary>
    private static double Target(int rank, int n)
    {
        var half = n / 2;
        if (rank < half)
        {
            return 10 + (30d * rank / (half - 1));
        }

        return n % 2 == 1 && rank == half ? 50 : 60 + (30d * (rank - (n - half)) / (half - 1));
    }

    /// <summary>Binomial(4, p) over five points: its mean position is 4p, i.e. 100·p on the 0–100 scale.</summary>
    private static double[] Binomial4(double p)
    {
        var q = 1 - p;
        return [q * q * q * q, 4 * p * q * q * q, 6 * p * p * q * q, 4 * p * p * p * q, p * p * p * p];
    }

    private static Dictionary<(string, string), Cell> BuildDesign()
    {
        var design = new Dictionary<(string, string), Cell>();
        foreach (var (segment, rows) in Segments())
        {
            for (var r = 0; r < rows.Count; r++)
            {
                var adoption = Target(r, rows.Count) / 100;
                var opportunity = Target(((Multipliers[segment] * r) + 3) % rows.Count, rows.Count) / 100;
                var spread = r % 2 == 0 ? 0.08 : -0.08; // pain and manual differ; their mean is the target
                design[(segment, rows[r])] = new Cell(Binomial4(adoption), Binomial4(opportunity + spread), Binomial4(opportunity - spread));
            }
        }

        return design;
    }

    private static IEnumerable<(string Segment, IReadOnlyList<string> Rows)> Segments() =>
        FlagshipScoringModel.Create().Jtbd!.Segments.Select(s => (s.Segment, (IReadOnlyList<string>)[.. Definition.Find(s.StageMatrix)!.Rows.Select(r => r.Code)]));

    private static JtbdIndex BuildIndex()
    {
        var profile = new FlagshipProfile
        {
            SegmentShares = Shares,
            StageProbabilities = (segment, row) => Design[(segment, row)].Stage,
            PainProbabilities = (segment, row) => Design[(segment, row)].Pain,
            ManualProbabilities = (segment, row) => Design[(segment, row)].Manual,
            NotApplicableShare = NotApplicableShare,
        };
        var generator = new FlagshipResponseGenerator(Definition, profile, 20260331);
        var builder = CompiledScoringModel.Compile(FlagshipScoringModel.Create(), Definition).NewJtbdIndex();
        for (var i = 0; i < Responses; i++)
        {
            builder.Add(generator.Next());
        }

        return builder.Build();
    }

    /// <summary>Mean and variance of one answer on the 0–100 scale, the k-th of the points at position k / (count − 1).</summary>
    private static (double Mean, double Variance) Moments(double[] probabilities, double[] points)
    {
        var mean = probabilities.Select((p, i) => p * points[i]).Sum();
        return (mean, probabilities.Select((p, i) => p * points[i] * points[i]).Sum() - (mean * mean));
    }

    private static double[] Positions(int count) => [.. Enumerable.Range(0, count).Select(k => k * 100d / (count - 1))];

    private static (double Mean, double Variance) ImpliedAdoption(string segment, string row) => Moments(Design[(segment, row)].Stage, StageWeights);

    /// <summary>Pain and manual share are drawn independently, so the variance of their mean is the sum of their variances over four.</summary>
    private static (double Mean, double Variance) ImpliedOpportunity(string segment, string row)
    {
        var cell = Design[(segment, row)];
        var pain = Moments(cell.Pain, Positions(cell.Pain.Length));
        var manual = Moments(cell.Manual, Positions(cell.Manual.Length));
        return ((pain.Mean + manual.Mean) / 2, (pain.Variance + manual.Variance) / 4);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static JtbdSegmentIndex Built(string segment) => Index.Value.Segments.Single(s => s.Segment == segment);

    private static void AssertWithin(double expected, double standardError, double? actual, string what)
    {
        Assert.NotNull(actual);
        Assert.True(
            Math.Abs(actual.Value - expected) <= Tolerance * standardError,
            $"{what}: {actual.Value:F2}, implied {expected:F2} ± {Tolerance * standardError:F2} ({Tolerance} SE).");
    }

    [Fact]
    public void Design_SpreadsTheJobsClearly()
    {
        foreach (var (segment, rows) in Segments())
        {
            var adoption = rows.Select(r => ImpliedAdoption(segment, r).Mean).ToList();
            var opportunity = rows.Select(r => ImpliedOpportunity(segment, r).Mean).ToList();
            Assert.True(adoption.Max() - adoption.Min() >= 79, $"{segment}: adoption spans only {adoption.Min():F1}–{adoption.Max():F1}.");
            Assert.True(opportunity.Max() - opportunity.Min() >= 79, $"{segment}: opportunity spans only {opportunity.Min():F1}–{opportunity.Max():F1}.");
            Assert.Equal(rows.Count, opportunity.Distinct().Count());
        }
    }

    [Fact]
    public void Adoption_OfEachJob_IsTheImpliedMeanStageWeight()
    {
        foreach (var (segment, rows) in Segments())
        {
            foreach (var row in Built(segment).Rows)
            {
                var (mean, variance) = ImpliedAdoption(segment, row.Row);
                AssertWithin(mean, Math.Sqrt(variance / row.AdoptionN), row.Adoption, $"{segment}/{row.Row} adoption (n {row.AdoptionN})");
            }

            Assert.Equal(rows, Built(segment).Rows.Select(r => r.Row));
        }
    }

    [Fact]
    public void Opportunity_OfEachJob_IsTheImpliedMeanOfPainAndManualShare()
    {
        foreach (var (segment, _) in Segments())
        {
            foreach (var row in Built(segment).Rows)
            {
                var (mean, variance) = ImpliedOpportunity(segment, row.Row);
                AssertWithin(mean, Math.Sqrt(variance / row.OpportunityN), row.Opportunity, $"{segment}/{row.Row} opportunity (n {row.OpportunityN})");
            }
        }
    }

    [Fact]
    public void Quadrants_AreThoseOfTheImpliedValues_WithImpliedMedianCutoffs()
    {
        foreach (var (segment, rows) in Segments())
        {
            var built = Built(segment);
            var adoptionMedian = Median(rows.Select(r => ImpliedAdoption(segment, r).Mean));
            var opportunityMedian = Median(rows.Select(r => ImpliedOpportunity(segment, r).Mean));
            var checkedRows = 0;
            var quadrants = new HashSet<JtbdQuadrant>();
            var (largestAdoptionSe, largestOpportunitySe) = (0d, 0d);
            foreach (var row in built.Rows)
            {
                var adoption = ImpliedAdoption(segment, row.Row);
                var opportunity = ImpliedOpportunity(segment, row.Row);
                var adoptionSe = Math.Sqrt(adoption.Variance / row.AdoptionN);
                var opportunitySe = Math.Sqrt(opportunity.Variance / row.OpportunityN);
                (largestAdoptionSe, largestOpportunitySe) = (Math.Max(largestAdoptionSe, adoptionSe), Math.Max(largestOpportunitySe, opportunitySe));

                // A job within 2 SE of a median could fall on either side; by design only an odd segment's median jobs do.
                if (Math.Abs(adoption.Mean - adoptionMedian) <= 2 * adoptionSe || Math.Abs(opportunity.Mean - opportunityMedian) <= 2 * opportunitySe)
                {
                    continue;
                }

                var expected = ScoringMath.Quadrant(opportunity.Mean, adoption.Mean, opportunityMedian, adoptionMedian);
                Assert.True(expected == row.Quadrant, $"{segment}/{row.Row}: {row.Quadrant}, implied {expected}.");
                quadrants.Add(expected);
                checkedRows++;
            }

            Assert.True(checkedRows >= rows.Count - (2 * (rows.Count % 2)), $"{segment}: only {checkedRows} of {rows.Count} jobs are clear of the medians.");
            Assert.Equal(4, quadrants.Count);
            // The built cut-off is the median of estimates (or the mean of the middle two), so no less precise than the least precise job.
            AssertWithin(adoptionMedian, largestAdoptionSe, built.AdoptionCutoff, $"{segment} adoption cut-off");
            AssertWithin(opportunityMedian, largestOpportunitySe, built.OpportunityCutoff, $"{segment} opportunity cut-off");
        }
    }

    [Fact]
    public void Segments_HaveTheirShareOfRespondents()
    {
        foreach (var (segment, share) in Shares)
        {
            AssertWithin(Responses * share, Math.Sqrt(Responses * share * (1 - share)), Built(segment).Respondents, $"{segment} respondents");
        }

        Assert.Equal(Responses, Index.Value.Segments.Sum(s => s.Respondents));
    }

    [Fact]
    public void NotApplicableCells_AreLeftOut_AtTheirShare()
    {
        var answered = 1 - NotApplicableShare;
        var both = answered * answered; // pain and manual share are each "na" independently
        foreach (var (segment, _) in Segments())
        {
            var respondents = Built(segment).Respondents;
            foreach (var row in Built(segment).Rows)
            {
                AssertWithin(respondents * answered, Math.Sqrt(respondents * answered * (1 - answered)), row.AdoptionN, $"{segment}/{row.Row} adoption n");
                AssertWithin(respondents * both, Math.Sqrt(respondents * both * (1 - both)), row.OpportunityN, $"{segment}/{row.Row} opportunity n");
            }
        }
    }
}
