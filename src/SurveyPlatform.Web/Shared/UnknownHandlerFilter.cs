using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SurveyPlatform.Web;

/// <summary>
/// A form post that names no handler the page has (a stale, hand-made or forged form) gets a 400 with
/// a short explanation. Without this, Razor Pages renders the page with no handler run, and a page
/// whose model its handlers load would fail with a 500.
/// </summary>
public sealed class UnknownHandlerFilter : IPageFilter
{
    public const string Message = "This page has no such form. Go back, reload the page and try again.";

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new ContentResult { StatusCode = StatusCodes.Status400BadRequest, Content = Message, ContentType = "text/plain; charset=utf-8" };
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
