using System.Globalization;
using OpenQA.Selenium;
using Radio.IntegrationTests.Infrastructure;

namespace Radio.BrowserTests;

/// <summary>The web player at <c>/</c> in headless Chromium, against a real server (API.md, Live updates and the web player).</summary>
public sealed class WebPlayerTests(PlayerApp app, Browser browser) : IClassFixture<PlayerApp>, IClassFixture<Browser>
{
    private Uri Page
    {
        get
        {
            using var client = app.CreateClient(); // starts the server and gives its address
            return new Uri(client.BaseAddress!, "/");
        }
    }

    [Fact]
    public void The_page_loads_without_console_errors_and_fits_a_phone_screen()
    {
        browser.Open(Page);
        browser.WaitFor(() => browser.Find("leaderboard-list").FindElements(By.TagName("li")).Count > 0, "the leaderboard");
        browser.WaitFor(() => browser.Find("vibe-tags").FindElements(By.CssSelector("input[type=range]")).Count == 2, "a slider per tag");

        PlayerApp.Titles.Should().Contain(browser.Text("title"));
        browser.Text("artists").Should().Be("The Testers");
        browser.Find("art").GetAttribute("src").Should().MatchRegex(@"/songs/\d+/image$", "the songs have album art");
        browser.Number("return document.getElementById('art').naturalWidth;").Should().Be(64, "the image loaded");
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(360, 740);
        browser.Number("return document.documentElement.scrollWidth - window.innerWidth;").Should()
            .BeLessThanOrEqualTo(0, "nothing is wider than a 360 px screen");
        browser.ConsoleErrors(app.MissingEndpoints).Should().BeEmpty();
    }

    [Fact]
    public void Pressing_play_plays_the_stream_and_the_heartbeats_grow_the_session_time()
    {
        browser.Open(Page);
        browser.Find("play").Click();
        browser.WaitFor(() => Audio("currentTime") > 1, "the audio plays");
        var started = Audio("currentTime");
        browser.WaitFor(() => Heartbeats() >= 1, "the first heartbeat");
        browser.WaitFor(() => browser.Text("listener-name").StartsWith("Listener_", StringComparison.Ordinal), "the anonymous listener's name");

        // the second heartbeat comes 15 s after the first: the one long wait of these tests
        browser.WaitFor(() => Heartbeats() >= 2, "the second heartbeat", seconds: 20);
        browser.WaitFor(() => browser.Text("session-time") != "0:00", "the session time from the second heartbeat");

        Seconds(browser.Text("session-time")).Should().BeInRange(10, 17, "a heartbeat credits what the audio played in 15 s");
        Seconds(browser.Text("total-time")).Should().BeGreaterThanOrEqualTo(Seconds(browser.Text("session-time")));
        (Audio("currentTime") - started).Should().BeGreaterThan(12, "currentTime advances while the stream plays");
        browser.Text("play").Should().Be("Stop");
        Screenshot();
        browser.ConsoleErrors(app.MissingEndpoints).Should().BeEmpty();
    }

    [Fact]
    public void The_song_shown_changes_within_a_second_of_when_the_change_is_heard()
    {
        browser.Open(Page);
        // each song is a tone of its own: the page's audio goes through an analyser that notes when each tone is
        // heard; a second EventSource notes when each song change is announced, an observer when it is shown
        browser.Script("""
            window.announced = [];
            window.shown = [];
            window.heard = [];
            const audio = document.getElementById('audio');
            const context = new AudioContext();
            const analyser = context.createAnalyser();
            analyser.fftSize = 4096;
            context.createMediaElementSource(audio).connect(analyser);
            analyser.connect(context.destination);
            const bins = new Float32Array(analyser.frequencyBinCount);
            setInterval(() => {
                analyser.getFloatFrequencyData(bins);
                let loudest = 1;
                for (let i = 2; i < bins.length; i++) if (bins[i] > bins[loudest]) loudest = i;
                const hz = loudest * context.sampleRate / analyser.fftSize;
                const last = heard[heard.length - 1];
                if (bins[loudest] > -70 && (!last || Math.abs(last.hz - hz) > 60)) heard.push({ at: performance.now(), hz });
            }, 20);
            new EventSource('/radio/events').addEventListener('now-playing', (e) =>
                announced.push({ at: performance.now(), title: JSON.parse(e.data).song.title }));
            new MutationObserver(() => shown.push({ at: performance.now(), title: document.getElementById('title').textContent }))
                .observe(document.getElementById('title'), { childList: true, characterData: true, subtree: true });
            """);
        browser.Find("play").Click();
        browser.WaitFor(() => Audio("currentTime") > 0.5, "the audio plays");
        var before = browser.Text("title");

        browser.WaitFor(() => browser.Text("title") != before, "the next song (the songs are 5 s long)", seconds: 12);
        var title = browser.Text("title");
        var tone = PlayerApp.Tones[Array.IndexOf(PlayerApp.Titles, title)];
        browser.WaitFor(() => browser.Number($"return heard.filter((h) => Math.abs(h.hz - {tone}) < 40).length;") > 0, "the new song's tone");

        var timing = (IReadOnlyDictionary<string, object>)browser.Script($$"""
            const title = document.getElementById('title').textContent;
            const shownAt = shown.findLast((s) => s.title === title).at;
            const heardAt = heard.findLast((h) => Math.abs(h.hz - {{tone}}) < 40).at;
            const announcedAt = announced.findLast((a) => a.title === title).at;
            return { shown: (shownAt - heardAt) / 1000, announced: (announcedAt - heardAt) / 1000 };
            """)!;
        var shownLate = Convert.ToDouble(timing["shown"], CultureInfo.InvariantCulture);
        var announcedLate = Convert.ToDouble(timing["announced"], CultureInfo.InvariantCulture);

        announcedLate.Should().BeLessThan(-1, "the stream's burst puts the audio more than a second behind the announcement");
        shownLate.Should().BeInRange(-1, 1, "the title switches within a second of when the new song is heard");
        browser.ConsoleErrors(app.MissingEndpoints).Should().BeEmpty();
    }

    [Fact]
    public void Text_search_and_vibe_search_show_their_results()
    {
        browser.Open(Page);

        browser.Type("search-q", "calm", submit: true);
        browser.WaitFor(() => browser.Text("search-results").Contains("Calm Water", StringComparison.Ordinal), "the search results");
        browser.WaitFor(() => browser.Find("vibe-tags").FindElements(By.CssSelector("input[type=range]")).Count == 2, "a slider per tag");
        var chill = browser.Find("vibe-tags").FindElements(By.CssSelector("input[type=range]"))
            .Single(s => s.GetAttribute("data-tag") == "Chill");
        for (var i = 0; i < 10; i++)
        {
            chill.SendKeys(Keys.ArrowRight); // from 0.5 to 1 by keyboard; moving it ticks the tag
        }

        browser.Find("vibe-form").FindElement(By.CssSelector("button[type=submit]")).Click();
        browser.WaitFor(() => browser.Find("vibe-results").FindElements(By.TagName("li")).Count == 3, "the vibe search results");

        browser.Text("search-results").Should().NotContain("Night Drive");
        browser.Find("vibe-results").FindElements(By.TagName("li"))[0].Text.Should()
            .StartWith("Night Drive", "its Chill score is 1, the target").And.Contain("match error 0.00");
        browser.ConsoleErrors(app.MissingEndpoints).Should().BeEmpty();
    }

    [Fact]
    public void Registering_signing_out_and_signing_in_work_from_the_page_and_a_refused_sign_in_is_shown()
    {
        browser.Open(Page);
        var name = Api.UniqueName("fan");

        browser.Type("register-username", name);
        browser.Type("register-password", "password123", submit: true);
        browser.WaitFor(() => browser.Text("who") == $"Signed in as {name}", "the registered account");
        var token = (string?)browser.Script("return localStorage.getItem('radio.token');");
        browser.Find("sign-out").Click();
        browser.WaitFor(() => browser.Text("who") == "Not signed in", "signed out");
        browser.Script("return localStorage.getItem('radio.token');").Should().BeNull("signing out forgets the token");
        browser.Type("sign-in-username", name);
        browser.Type("sign-in-password", "wrong-password", submit: true);
        browser.WaitFor(() => browser.Text("errors").Contains("The username or password is wrong.", StringComparison.Ordinal),
            "the API's problem detail for the refused sign-in");
        browser.Type("sign-in-username", name);
        browser.Type("sign-in-password", "password123", submit: true);
        browser.WaitFor(() => browser.Text("who") == $"Signed in as {name}", "signed in again");

        token.Should().NotBeNullOrEmpty("the token is kept in localStorage");
        browser.Script("return localStorage.getItem('radio.token');").Should().NotBeNull();
        browser.Find("favorites").Displayed.Should().BeTrue("favourites are for accounts");
    }

    [Fact]
    public void A_song_is_favourited_from_the_search_results()
    {
        browser.Open(Page);
        SignUp();
        browser.Type("search-q", "night", submit: true);
        browser.WaitFor(() => browser.Text("search-results").Contains("Night Drive", StringComparison.Ordinal), "the search results");

        browser.Find("search-results").FindElement(By.CssSelector("button.favorite")).Click();

        browser.WaitFor(() => browser.Text("favorite-list").Contains("Night Drive", StringComparison.Ordinal), "the favourites list");
        browser.Find("search-results").FindElement(By.CssSelector("button.favorite")).GetAttribute("aria-pressed").Should().Be("true");
        browser.Text("errors").Should().BeEmpty();
    }

    [Fact]
    public void A_song_is_requested_from_the_search_results()
    {
        browser.Open(Page);
        var name = SignUp();
        // the list's text in one read, a line per song: it is redrawn as now-playing updates, and an item found
        // before a redraw was stale when its text was read (a CI run)
        var next = browser.Text("next").Split('\n');
        var wanted = PlayerApp.Titles.First(t => t != browser.Text("title") && !next.Take(1).Any(n => n.StartsWith(t, StringComparison.Ordinal)));
        browser.Type("search-q", wanted, submit: true);
        browser.WaitFor(() => browser.Text("search-results").Contains(wanted, StringComparison.Ordinal), "the search results");

        browser.Find("search-results").FindElement(By.XPath(".//button[text()='Request']")).Click();

        browser.WaitFor(() => browser.Text("request-list").Contains($"requested by {name}", StringComparison.Ordinal), "the request list");
        browser.Text("errors").Should().BeEmpty();
    }

    private string SignUp()
    {
        var name = Api.UniqueName("fan");
        browser.Type("register-username", name);
        browser.Type("register-password", "password123", submit: true);
        browser.WaitFor(() => browser.Text("who") == $"Signed in as {name}", "the registered account");
        return name;
    }

    private double Audio(string property) => browser.Number($"return document.getElementById('audio').{property};");

    private int Heartbeats() => (int)browser.Number(
        "return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/heartbeat')).length;");

    private static int Seconds(string shown)
    {
        var parts = shown.Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Reverse().ToList();
        return parts[0] + (parts.Count > 1 ? parts[1] * 60 : 0) + (parts.Count > 2 ? parts[2] * 3600 : 0);
    }

    /// <summary>
    /// The player playing, for the README: kept in artifacts/player.png, and written to docs/player.png when
    /// <c>RADIO_UPDATE_SCREENSHOT=1</c> (so that a test run does not change a committed file).
    /// </summary>
    private void Screenshot()
    {
        // the window's size includes the browser's frame: the page itself gets 800 × 600
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(800, 600);
        var frame = (int)browser.Number("return window.outerHeight - window.innerHeight;");
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(800, 600 + frame);
        browser.Script("window.scrollTo(0, 0);");
        var root = Repository();
        var shot = browser.Driver.GetScreenshot();
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        shot.SaveAsFile(Path.Combine(root, "artifacts", "player.png"));
        if (Environment.GetEnvironmentVariable("RADIO_UPDATE_SCREENSHOT") == "1")
        {
            shot.SaveAsFile(Path.Combine(root, "docs", "player.png"));
        }
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Radio.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Radio.sln not found above the test output");
    }
}
