using Hangfire;
using SurveyPlatform.Web.Jobs;

namespace SurveyPlatform.Web.Tests.Jobs;

/// <summary>
/// A stopping node's job server: Hangfire counts StopTimeout (running jobs are cancelled) and ShutdownTimeout (the
/// server gives up on their workers) both from the stop request, so a cancelled job needs time between the two to go
/// back to the queue, and the host must wait for the second.
/// </summary>
public sealed class StopTimesTests
{
    [Theory]
    [InlineData(15)]
    [InlineData(5)]
    [InlineData(60)]
    public void ACancelledJob_HasAsLongAgainToGoBackToTheQueue_AndTheHostWaitsForIt(double shutdownSeconds)
    {
        var settings = new JobOptions { ShutdownSeconds = shutdownSeconds };
        var server = new BackgroundJobServerOptions();

        JobsServiceCollectionExtensions.SetStopTimes(server, settings);

        Assert.Equal(TimeSpan.FromSeconds(shutdownSeconds), server.StopTimeout);
        Assert.Equal(server.StopTimeout + TimeSpan.FromSeconds(shutdownSeconds), server.ShutdownTimeout);
        Assert.True(JobsServiceCollectionExtensions.HostShutdown(settings) >= server.ShutdownTimeout + TimeSpan.FromSeconds(10));
    }
}
