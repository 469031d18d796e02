using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Radio.IntegrationTests.Station.Sound;

/// <summary>Debian's chromium and chromium-driver, at their fixed paths, headless: the browser every browser test drives.</summary>
public static class HeadlessChromium
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public static bool Installed => File.Exists(Chromium) && File.Exists(ChromeDriver);

    /// <summary>A new browser that plays audio without a user gesture and keeps the page's console log.</summary>
    public static ChromeDriver Start(int width = 800, int height = 600)
    {
        // no download of a driver or a browser: Debian's own, at fixed paths
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage", "--disable-gpu",
            $"--window-size={width},{height}", "--hide-scrollbars");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
