using System.Diagnostics;
using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Radio.IntegrationTests.Station.Sound;

namespace Radio.BrowserTests;

/// <summary>One headless Chromium for a test class, and the waiting and reading its tests need.</summary>
public sealed class Browser : IDisposable
{
    private readonly Lazy<ChromeDriver> _driver = new(() =>
    {
        HeadlessChromium.Installed.Should().BeTrue("the browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
        return HeadlessChromium.Start(800, 600);
    });

    public ChromeDriver Driver => _driver.Value;

    /// <summary>Opens the page afresh, signed out and with no cookies, at the desktop size.</summary>
    public void Open(Uri page)
    {
        Driver.Manage().Window.Size = new System.Drawing.Size(800, 600);
        Driver.Navigate().GoToUrl(page);
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.ExecuteScript("localStorage.clear();");
        Driver.Navigate().Refresh();
        _ = Driver.Manage().Logs.GetLog(LogType.Browser); // what earlier tests left in the log is theirs
        WaitFor(() => Text("title") != "Nothing on the air yet", "the page shows the song on the air");
    }

    public IWebElement Find(string id) => Driver.FindElement(By.Id(id));

    public string Text(string id) => Find(id).Text;

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    public double Number(string script) => Convert.ToDouble(Script(script), CultureInfo.InvariantCulture);

    /// <summary>Fills a form field and submits the form with the Enter key, as a keyboard user would.</summary>
    public void Type(string id, string text, bool submit = false)
    {
        var field = Find(id);
        field.Clear();
        field.SendKeys(submit ? text + Keys.Enter : text);
    }

    public void WaitFor(Func<bool> condition, string what, double seconds = 10)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
            {
                // not drawn yet
            }

            if (waited.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}; errors shown: '{Text("errors")}'");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// The console messages logged as errors since the last call, but for the failed loads of <paramref name="missing"/>
    /// (endpoints this server does not have yet: see <see cref="PlayerApp.MissingEndpoints"/>).
    /// </summary>
    public IReadOnlyList<string> ConsoleErrors(IReadOnlyList<string> missing) =>
    [
        .. Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message)
            .Where(m => !missing.Any(path => m.Contains(path, StringComparison.Ordinal) && m.Contains("status of 404", StringComparison.Ordinal))),
    ];

    public void Dispose()
    {
        if (_driver.IsValueCreated)
        {
            _driver.Value.Quit();
        }
    }
}
