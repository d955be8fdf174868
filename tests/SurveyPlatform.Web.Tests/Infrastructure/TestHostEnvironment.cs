using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace SurveyPlatform.Web.Tests.Infrastructure;

/// <summary>A Production host environment rooted at the test output, for building app parts (a <c>DatabaseProvider</c>) without a host.</summary>
public sealed class TestHostEnvironment : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Production";
    public string ApplicationName { get; set; } = "SurveyPlatform.Web";
    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
