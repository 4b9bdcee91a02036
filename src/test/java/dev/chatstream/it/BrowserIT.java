package dev.chatstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in Debian's headless Chromium against the WAR and the fake upstream: what a person
 * sees while answers stream, stop, fail over a dropped connection, survive a reload, and render
 * hostile output; the widget on another site's page; EventSource on the GET streams. The app is
 * reached through a proxy that the tests can cut.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserIT extends FakeUpstreamTest {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("java.io.tmpdir"), "screenshots");
    /** The last answer in the conversation as the page shows it, or null. */
    private static final String LAST_ANSWER = """
            const list = document.querySelector('.messages');
            const answers = list ? list.querySelectorAll('cs-message[data-role=assistant]') : [];
            const answer = answers[answers.length - 1];
            return answer ? { id: answer.dataset.id || '', status: answer.dataset.status || '', state: answer.querySelector('.state').textContent,
                text: answer.querySelector('.body').textContent.trim(), busy: list.getAttribute('aria-busy'),
                announced: document.querySelector('.announce').textContent } : null;""";

    @ArquillianResource
    @OperateOnDeployment("browser")
    URL deployment;

    @Deployment(name = "browser", testable = false)
    @TargetsContainer("browser")
    static WebArchive deployment() {
        return Deployments.war();
    }

    static Browser browser;
    static CuttingProxy proxy;
    static HttpServer hostSite;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (System.getenv("CHAT_IT_REQUIRE_BROWSER") != null) {
            assertTrue(Browser.installed(), "CHAT_IT_REQUIRE_BROWSER is set but /usr/bin/chromium or /usr/bin/chromedriver is missing");
        }
        assumeTrue(Browser.installed(), "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Path profile = Path.of(System.getProperty("java.io.tmpdir"), "chromium-profile-" + UUID.randomUUID());
        browser = new Browser(profile);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (hostSite != null) {
            hostSite.stop(0);
        }
    }

    @BeforeEach
    void proxyToTheDeployment() {
        if (proxy == null) {
            try {
                proxy = new CuttingProxy(Api.root(deployment).getPort());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    // the chat app

    @Test
    void anAnswerStreamsAsMarkdownAndIsAnnouncedOnceWhenComplete() {
        signInThroughTheForm(Api.newUser(deployment, "acme").token());
        newThread("Streaming", null);
        browser.js("""
                window.announcements = [];
                new MutationObserver(() => window.announcements.push(document.querySelector('.announce').textContent))
                    .observe(document.querySelector('.announce'), { childList: true, characterData: true, subtree: true });""");
        type("Streaming **bold** words and `inline code` arrive one by one while pace:120 keeps them apart" + Keys.ENTER);

        Map<String, Object> during = browser.await("text before the answer is done", driver -> {
            Map<String, Object> answer = browser.js(LAST_ANSWER);
            return answer != null && "true".equals(answer.get("busy")) && ((String) answer.get("text")).contains("You said:") ? answer : null;
        });
        assertEquals("streaming", during.get("status"));
        assertEquals("", during.get("announced"), "nothing announced while the answer streams");

        var done = awaitAnswer("completed");
        assertEquals("You said: Streaming bold words and inline code arrive one by one while pace:120 keeps them apart", done.get("text"));
        assertEquals("bold", text(".messages cs-message[data-role=assistant] .body strong"));
        assertEquals("inline code", text(".messages cs-message[data-role=assistant] .body code"));
        assertEquals(List.of("Answer complete."), browser.<List<String>>js("return window.announcements.filter(text => text)"));
        assertFalse(browser.<Boolean>js("return document.querySelector('.messages cs-message[data-role=assistant] .meta').open"),
                "details on demand only");
        click(".messages cs-message[data-role=assistant] .meta summary");
        String details = shown(".messages cs-message[data-role=assistant] .meta dl").getText();
        assertTrue(details.contains("Provider\nopenai") && details.contains("Time to first token") && details.contains("Tokens"), details);
        assertEquals("Streaming **bold** words and `inline code` arrive one by one while pace:120 keeps them apart",
                text(".messages cs-message[data-role=user] .body"), "the user's text as typed, not rendered");
    }

    @Test
    void theKeyboardAloneSignsInCreatesAThreadSendsAndStops() {
        var user = Api.newUser(deployment, "acme");
        browser.driver.get(proxy.root().toString());
        browser.js("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.await("the sign-in form", driver -> focused().getAttribute("id").equals("token"));
        keys(user.token(), Keys.TAB, Keys.ENTER);
        browser.await("the threads", driver -> "SUMMARY".equalsIgnoreCase(focused().getTagName()));
        keys(Keys.ENTER, Keys.TAB, "Keyboard only", Keys.ENTER);
        browser.await("the composer", driver -> "content".equals(focused().getAttribute("name")));
        assertEquals("Keyboard only", text(".conversation h2"));

        String marker = "tokens:60 pace:150 keys-" + UUID.randomUUID();
        keys("first line", Keys.chord(Keys.SHIFT, Keys.ENTER), marker, Keys.ENTER);
        assertEquals("first line\n" + marker, browser.await("the user's message", driver -> browser.<String>js(
                "return document.querySelector('.messages cs-message[data-role=user]:not(.pending) .body')?.textContent")),
                "Shift+Enter is a new line, Enter sends");
        browser.await("a few tokens", driver -> answerText().contains("t3 "));
        keys(Keys.ESCAPE);

        var stopped = awaitAnswer("cancelled");
        assertEquals("Stopped", stopped.get("state"));
        assertTrue(((String) stopped.get("text")).startsWith("t0 t1 t2 t3"), stopped.toString());
        assertFalse(((String) stopped.get("text")).contains("t59"), "stopped before the end");
        FakeOpenAi.await(() -> upstream.call("first line\n" + marker).aborted, Duration.ofSeconds(10), "the upstream request closed");

        browser.driver.navigate().refresh();
        var stored = awaitAnswer("cancelled");
        assertEquals(stopped.get("text"), stored.get("text"), "the partial text is what was stored");
    }

    @Test
    void regeneratingShowsTheVersionsAndTheArrowsSwitchBetweenThem() {
        signIn(Api.newUser(deployment, "acme").token());
        newThread("Versions", null);
        type("tell me twice" + Keys.ENTER);
        String first = (String) awaitAnswer("completed").get("id");

        click(".messages cs-message[data-role=assistant] button.regenerate");
        browser.await("2 / 2", driver -> "2 / 2".equals(text(".messages cs-message[data-role=assistant] .version-label")));
        String second = (String) browser.<Map<String, Object>>js(LAST_ANSWER).get("id");
        assertNotEquals(first, second);
        assertEquals(1, count(".messages cs-message[data-role=assistant]"), "a new version replaces the answer in place");

        click(".messages cs-message[data-role=assistant] button.older");
        browser.await("1 / 2", driver -> "1 / 2".equals(text(".messages cs-message[data-role=assistant] .version-label")));
        assertEquals(first, browser.<Map<String, Object>>js(LAST_ANSWER).get("id"));
        click(".messages cs-message[data-role=assistant] button.newer");
        browser.await("2 / 2 again", driver -> second.equals(browser.<Map<String, Object>>js(LAST_ANSWER).get("id")));
    }

    @Test
    void citationsLinkToTheirSourcesAndTheConfidenceBadgeHasItsColour() {
        var admin = Api.member(deployment, "browser-" + UUID.randomUUID(), 0, true);
        String slug = knowledge(admin, false);
        signIn(admin.token());
        newThread("Grounded", slug);
        type("How many days of paid vacation do employees get per year? [1]" + Keys.ENTER);
        var answer = awaitAnswer("completed");

        assertEquals("Vacation policy", text(".messages cs-message[data-role=assistant] .sources li .source-title").split(" › ")[0]);
        WebElement cite = browser.driver.findElement(By.cssSelector(".messages cs-message[data-role=assistant] .body a.cite"));
        assertEquals("[1]", cite.getText());
        String target = cite.getAttribute("href").substring(cite.getAttribute("href").indexOf('#') + 1);
        assertEquals("1", browser.js("return document.getElementById(arguments[0])?.value.toString()", target), "links to source 1");

        String thread = browser.js("return new URLSearchParams(location.hash.slice(1)).get('thread')");
        JsonNode stored = admin.get("api/chat/threads/" + thread + "/messages").json().path("messages").get(1);
        double confidence = stored.path("confidence").asDouble();
        String level = confidence > 0.9 ? "high" : confidence >= 0.7 ? "medium" : "low";
        WebElement badge = browser.driver.findElement(By.cssSelector(".messages cs-message[data-role=assistant] .badge.confidence"));
        assertEquals(level, badge.getAttribute("data-level"));
        assertEquals(Math.round(confidence * 100) + " % confident", badge.getText());
        var colours = Map.of("high", "rgb(19, 115, 51)", "medium", "rgb(138, 97, 0)", "low", "rgb(180, 35, 24)");
        assertEquals(colours.get(level), badge.getCssValue("color").replace("rgba", "rgb").replace(", 1)", ")"), answer.toString());
    }

    @Test
    void aDroppedConnectionResumesWithNoTextLostOrRepeated() {
        startALongAnswer("Dropped");

        proxy.cutAll();

        var done = awaitAnswer("completed");
        assertEquals(numbered(40), done.get("text"));
    }

    @Test
    void aSendWhoseAnswerNeverArrivedIsSentAgainAndJoinsTheSameRun() {
        var user = Api.newUser(deployment, "acme");
        signIn(user.token());
        newThread("Resent", null);
        String thread = browser.js("return new URLSearchParams(location.hash.slice(1)).get('thread')");
        proxy.cutTheAnswerTo("POST /api/chat/threads/" + thread + "/messages/stream");

        type("tokens:20 pace:20 resent-" + UUID.randomUUID() + Keys.ENTER);

        var done = awaitAnswer("completed");
        assertEquals(numbered(20), done.get("text"));
        JsonNode page = user.get("api/chat/threads/" + thread + "/messages").json();
        assertEquals(List.of("user", "assistant"), ThreadsApiCases.roles(page), "the message stored once, answered once");
        assertEquals("", browser.driver.findElement(By.cssSelector(".composer textarea")).getAttribute("value"));
    }

    @Test
    void aReloadMidAnswerRejoinsTheRun() {
        startALongAnswer("Reloaded");

        browser.driver.navigate().refresh();

        browser.await("the stream rejoined", driver -> {
            Map<String, Object> answer = browser.js(LAST_ANSWER);
            return answer != null && "true".equals(answer.get("busy"));
        });
        var done = awaitAnswer("completed");
        assertEquals(numbered(40), done.get("text"));
        assertEquals(1, count(".messages cs-message[data-role=assistant]"));
        assertEquals(1, count(".messages cs-message[data-role=user]"));
    }

    @Test
    void hostileModelOutputRunsNothing() {
        signIn(Api.newUser(deployment, "acme").token());
        newThread("Hostile", null);
        type("<img src=x onerror=document.title='pwned'> [click](javascript:document.title='pwned') "
                + "<a href=\"javascript:document.title='pwned'\">me</a> <script>document.title='pwned'</script>" + Keys.ENTER);
        awaitAnswer("completed");

        assertEquals(0L, browser.<Long>js("""
                return document.querySelectorAll('.messages [onerror], .messages script, .messages a[href^="javascript"]').length"""));
        browser.js("document.querySelectorAll('.messages a').forEach(link => link.click())");
        assertEquals("chatstream", browser.driver.getTitle());
        var headers = Api.as(deployment, null).get("").raw().headers();
        assertTrue(headers.firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"), headers.toString());
    }

    @Test
    void aWorkflowThreadShowsItsStepAndAFailedAnswerKeepsItsTextWithARetry() {
        signIn(Api.newUser(deployment, "acme").token());
        click(".new-thread-box summary");
        browser.driver.findElement(By.cssSelector(".new-thread input[name=title]")).sendKeys("Intake");
        browser.await("the workflows listed", driver -> count(".new-thread select[name=workflow] option[value='project-intake']") == 1);
        new Select(browser.driver.findElement(By.cssSelector(".new-thread select[name=workflow]"))).selectByValue("project-intake");
        click(".new-thread button[type=submit]");
        browser.await("step 1", driver -> text(".progress").equals("project-intake: step 1 of 3, Goal"));

        type("A booking app for the city's libraries" + Keys.ENTER);
        awaitAnswer("completed");
        browser.await("step 2", driver -> text(".progress").equals("project-intake: step 2 of 3, Constraints"));

        type("fault:cut after a few words of this answer" + Keys.ENTER);
        var failed = awaitAnswer("failed");
        assertEquals("You said: fault:cut", failed.get("text"), "the text that arrived stays");
        assertEquals("Failed", failed.get("state"));
        assertFalse(text(".messages cs-message[data-status=failed] .error").isBlank(), "the error is shown");
        assertEquals("project-intake: step 2 of 3, Constraints", text(".progress"), "a failed answer does not advance the step");

        click(".messages cs-message[data-status=failed] button.regenerate");
        browser.await("a second attempt, as version 2", driver -> "2 / 2".equals(text(".messages cs-message[data-role=assistant]:last-child .version-label")));
    }

    @Test
    void threadsAreRenamedDeletedAndPagedAndHistoryLoadsOlderMessagesOnScrollingUp() {
        var user = Api.newUser(deployment, "acme");
        for (int i = 1; i <= 21; i++) {
            assertEquals(201, user.post("api/chat/threads", Map.of("title", "thread " + i)).status());
        }
        String thread = user.createThread();
        for (int i = 1; i <= 26; i++) {
            assertEquals(200, user.post("api/chat/threads/" + thread + "/messages", Map.of("content", "message " + i)).status());
        }
        signIn(user.token());
        browser.await("the first page of threads", driver -> count(".thread-list li") == 20);
        assertEquals("test", text(".thread-list li .title"));
        click(".more-threads");
        browser.await("the next page", driver -> count(".thread-list li") == 22);
        assertFalse(browser.driver.findElement(By.cssSelector(".more-threads")).isDisplayed());

        click(".thread-list li[data-id='" + thread + "'] button");
        browser.await("the newest 50 messages", driver -> count(".messages cs-message") == 50);
        assertEquals("message 2", text(".messages cs-message[data-role=user] .body"));
        browser.js("document.querySelector('.messages').scrollTop = 0");
        browser.await("the older ones", driver -> count(".messages cs-message") == 52);
        assertEquals("message 1", text(".messages cs-message[data-role=user] .body"));
        assertTrue(browser.driver.findElement(By.cssSelector(".jump")).isDisplayed(), "not at the bottom: a way back");
        click(".jump");
        browser.await("back at the bottom", driver -> browser.<Boolean>js(
                "const list = document.querySelector('.messages'); return list.scrollHeight - list.scrollTop - list.clientHeight < 2"));

        click(".rename");
        WebElement title = browser.driver.findElement(By.cssSelector(".rename-input"));
        title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Renamed in the UI", Keys.ENTER);
        browser.await("the new title", driver -> "Renamed in the UI".equals(text(".conversation h2")));
        assertEquals("Renamed in the UI", user.get("api/chat/threads/" + thread).json().path("thread").path("title").asText());
        assertEquals("Renamed in the UI", text(".thread-list li[data-id='" + thread + "'] .title"));

        click(".delete");
        browser.driver.switchTo().alert().accept();
        browser.await("the thread gone", driver -> count(".thread-list li[data-id='" + thread + "']") == 0);
        assertEquals(404, user.get("api/chat/threads/" + thread).status());
    }

    @Test
    void whileTheReaderScrollsUpTheAnswerDoesNotPullThemDown() {
        var user = Api.newUser(deployment, "acme");
        String thread = user.createThread();
        for (int i = 1; i <= 6; i++) {
            assertEquals(200, user.post("api/chat/threads/" + thread + "/messages", Map.of("content", "tokens:120 filler " + i)).status());
        }
        signIn(user.token());
        click(".thread-list li[data-id='" + thread + "'] button");
        browser.await("the history", driver -> count(".messages cs-message") == 12);
        type("tokens:80 pace:60 scrolling-" + UUID.randomUUID() + Keys.ENTER);
        browser.await("streaming", driver -> answerText().contains("t3 "));
        browser.js("document.querySelector('.messages').scrollTop = 40");
        browser.await("the jump button", driver -> browser.driver.findElement(By.cssSelector(".jump")).isDisplayed());
        browser.await("more text while scrolled up", driver -> answerText().contains("t40 "));
        assertEquals(40L, browser.<Long>js("return Math.round(document.querySelector('.messages').scrollTop)"), "the reader stays where they are");
        click(".jump");
        awaitAnswer("completed");
        assertTrue(browser.<Boolean>js(
                "const list = document.querySelector('.messages'); return list.scrollHeight - list.scrollTop - list.clientHeight < 2"),
                "followed to the end after jumping back");
    }

    // the knowledge base admin

    @Test
    void anAdminCreatesACollectionDropsInDocumentsAndSearchesThem() throws IOException {
        var admin = Api.member(deployment, "kb-" + UUID.randomUUID(), 0, true);
        signIn(admin.token());
        browser.driver.get(proxy.root().resolve("kb.html").toString());
        click(".create summary");
        String slug = "handbook-" + UUID.randomUUID().toString().substring(0, 8);
        browser.driver.findElement(By.cssSelector(".new-collection input[name=slug]")).sendKeys(slug);
        browser.driver.findElement(By.cssSelector(".new-collection input[name=name]")).sendKeys("Staff handbook");
        click(".new-collection input[name=public]");
        click(".new-collection button[type=submit]");
        browser.await("the collection open", driver -> text(".documents-card h2").startsWith("Staff handbook"));

        browser.js("""
                const file = new File([arguments[0]], 'expenses.md', { type: 'text/markdown' });
                const data = new DataTransfer();
                data.items.add(file);
                document.querySelector('.drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));""",
                "# Expenses\n\nTravel expenses are reimbursed within 14 days of filing the receipt.\n");
        Path broken = Files.writeString(Files.createTempDirectory("upload").resolve("broken.pdf"), "not a PDF at all");
        browser.driver.findElement(By.cssSelector(".drop input[type=file]")).sendKeys(broken.toString());

        browser.await("both processed", driver -> count(".documents .status-indexed") == 1
                && count(".documents .status-failed") == 1 && count(".documents .status-pending") == 0);
        assertEquals(2, count(".documents tbody tr"));
        assertFalse(text(".documents .status-failed + .problem").isBlank(), "the failure says why");
        browser.await("the collection's count", driver -> List.of("yes", "2").equals(driver.findElements(
                By.cssSelector(".collections tr[data-slug='" + slug + "'] td")).stream().skip(2).map(WebElement::getText).toList()));

        browser.driver.findElement(By.cssSelector(".search input[name=q]")).sendKeys("When are travel expenses reimbursed?" + Keys.ENTER);
        browser.await("a scored result", driver -> count(".results li .score") > 0);
        assertTrue(text(".results li strong").startsWith("expenses.md"), text(".results li strong"));
        assertTrue(text(".results li .score").matches("0\\.\\d{3}|1\\.000"), text(".results li .score"));
    }

    // the AI task card

    @Test
    void anAiTaskStreamsIntoItsCardWithConfidenceMetadataAndEarlierVersions() {
        signIn(Api.newUser(deployment, "acme").token());
        browser.driver.get(proxy.root().resolve("tasks.html").toString());
        WebElement description = shown("textarea[name=currentDescription]");
        description.clear();
        description.sendKeys("As a librarian I want to see overdue books so that I can remind readers.");
        new Select(shown("select[name=priority]")).selectByVisibleText("HIGH");
        WebElement id = shown("input[name=issueId]");
        id.clear();
        id.sendKeys("LIB-" + UUID.randomUUID().toString().substring(0, 6));
        click("button.estimate-points");
        String card = "cs-task-card[task=estimate-points]";
        browser.await("the estimate", driver -> "false".equals(shown(card).getAttribute("aria-busy")) && count(card + " .badge.confidence") == 1);
        assertFalse(text(card + " .text").isBlank());
        var metadata = browser.driver.findElements(By.cssSelector(card + " .metadata dt")).stream().map(WebElement::getText).toList();
        assertTrue(metadata.containsAll(List.of("suggestedPoints", "model", "tokens", "timestamp")), metadata.toString());
        assertTrue(text(card + " .badge.confidence").matches("\\d+ % confident"));
        assertTrue(shown(card + " .regenerate").isEnabled());

        click(card + " .regenerate");
        browser.await("an earlier version", driver -> "Earlier versions (1)".equals(browser.<String>js(
                "return document.querySelector(arguments[0] + ' .earlier summary').textContent", card)));
        assertEquals(0, count("cs-task-card[task=refine-description]:not([hidden])"), "the other cards stay closed until asked");
    }

    // the widget on another site

    @Test
    void theWidgetStreamsOnAHostPageWithAStrictPolicyAndHostileCss() throws IOException {
        var admin = Api.member(deployment, "widget-" + UUID.randomUUID(), 0, true);
        String slug = knowledge(admin, true);
        URI host = hostSite(slug);
        browser.driver.get(host.resolve("bare").toString());
        browser.js("return 1"); // chromedriver leaves a global of its own (ret_nodes) after its first script on a page
        List<String> before = browser.js("return Object.keys(window)");
        browser.driver.get(host.toString());
        browser.await("the launcher", driver -> browser.<Boolean>js(
                "return !!document.querySelector('chatstream-widget')?.shadowRoot?.querySelector('.launcher')"));
        assertEquals(before, browser.js("return Object.keys(window)"), "no globals left on the host page");
        assertEquals("block", shadow(".launcher").getCssValue("display"), "the host's `button { display: none }` does not reach it");

        shadow(".launcher").click();
        assertEquals("Ask about ACME", shadow("header h2").getText());
        assertEquals("rgba(0, 128, 0, 1)", shadow("header").getCssValue("background-color"), "themed by the host's custom property");
        assertTrue(shadow(".clear").isDisplayed());
        shadow("textarea").sendKeys("How many days of paid vacation do employees get per year? pace:150" + Keys.ENTER);
        browser.await("a streaming answer with its cursor", driver -> (Boolean) browser.js("""
                const answer = document.querySelector('chatstream-widget').shadowRoot.querySelector('.message.assistant.streaming');
                return !!answer && answer.querySelector('.body').textContent.includes('You said')
                    && document.querySelector('chatstream-widget').shadowRoot.querySelector('.send').disabled;"""));
        browser.await("the answer complete", driver -> "false".equals(shadow(".messages").getAttribute("aria-busy")));

        WebElement answer = shadow(".message.assistant");
        assertTrue(answer.getText().contains("You said: How many days of paid vacation"), answer.getText());
        assertEquals("Vacation policy", shadow(".message.assistant .sources a").getText().split(" › ")[0]);
        assertEquals("https://intranet.example/vacation", shadow(".message.assistant .sources a").getAttribute("href"));
        String colour = shadow(".message.assistant .body p").getCssValue("color");
        assertFalse(colour.contains("255, 0, 0"), "the host's `* { color: red !important }` stays outside: " + colour);
        assertFalse(shadow(".message.assistant .body p").getCssValue("font-family").startsWith("serif"));
        assertTrue(shadow(".send").isEnabled());

        browser.driver.navigate().refresh();
        browser.await("the launcher again", driver -> shadow(".launcher") != null);
        shadow(".launcher").click();
        browser.await("the session's history", driver -> browser.<Long>js(
                "return document.querySelector('chatstream-widget').shadowRoot.querySelectorAll('.message').length") == 2);
        shadow(".clear").click();
        browser.await("cleared", driver -> browser.<Long>js(
                "return document.querySelector('chatstream-widget').shadowRoot.querySelectorAll('.message').length") == 0);
    }

    // EventSource on the GET streams

    @Test
    void theStreamTesterReadsChatGetWithAPlainEventSource() {
        signIn(Api.newUser(deployment, "acme").token());
        browser.driver.get(proxy.root().resolve("tester.html").toString());
        new Select(shown("select[name=provider]")).selectByVisibleText("openai");
        String question = "tokens:25 pace:30 tester-" + UUID.randomUUID();
        WebElement input = shown("input[name=question]");
        input.clear();
        input.sendKeys(question);
        click(".start");

        browser.await("the stream done", driver -> "done".equals(text(".state")));
        assertEquals("25", text(".count"));
        assertTrue(text(".ttft").matches("\\d+ ms"), text(".ttft"));
        assertTrue(text(".rate").matches("\\d+\\.\\d"), text(".rate"));
        assertEquals(numbered(25), browser.js("return document.querySelector('.chunks').textContent.trim()"));
        assertEquals(1, upstream.calls().stream().filter(call -> call.marker.equals(question)).count(),
                "the EventSource was closed at done, not reconnected (which would ask again)");
    }

    @Test
    void anEventSourceOnARunReconnectsByItselfWithItsLastEventId() {
        var user = Api.newUser(deployment, "acme");
        signIn(user.token());
        String runId = browser.<String>asyncJs("""
                const [question, done] = arguments;
                const token = sessionStorage.getItem('chatstream.token');
                const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
                (async () => {
                  const { thread } = await (await fetch('api/chat/threads', { method: 'POST', headers, body: '{}' })).json();
                  const started = new AbortController();
                  const response = await fetch('api/chat/threads/' + thread.id + '/messages/stream',
                      { method: 'POST', headers, body: JSON.stringify({ content: question }), signal: started.signal });
                  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                  let text = '';
                  while (!text.includes('"connected"')) text += (await reader.read()).value;
                  const runId = JSON.parse(text.match(/data: (.*)/)[1]).data.runId;
                  started.abort();
                  window.esLog = { ids: [], opens: 0, done: false };
                  const source = new EventSource('api/chat/threads/' + thread.id + '/runs/' + runId + '/events?access_token=' + encodeURIComponent(token));
                  source.onopen = () => window.esLog.opens++;
                  source.onmessage = event => {
                    window.esLog.ids.push(event.lastEventId);
                    if (JSON.parse(event.data).type === 'done') { window.esLog.done = true; source.close(); }
                  };
                  done(runId);
                })().catch(failure => done('failed: ' + failure));""", "tokens:50 pace:100 es-" + UUID.randomUUID());
        assertFalse(runId.startsWith("failed"), runId);
        browser.await("a few events", driver -> browser.<Long>js("return window.esLog.ids.length") >= 8);

        proxy.cutAll();

        browser.await("the run's end, after a reconnect", driver -> (Boolean) browser.js("return window.esLog.done"));
        List<String> ids = browser.js("return window.esLog.ids");
        assertTrue(browser.<Long>js("return window.esLog.opens") >= 2, "it reconnected");
        assertEquals(IntStream.rangeClosed(1, ids.size()).mapToObj(seq -> runId + ":" + seq).toList(), ids,
                "every event once, in order, across the reconnect");
    }

    // screenshots for the README

    @Test
    void screenshotsOfEveryPageInLightAndDark() throws IOException {
        var admin = Api.member(deployment, "shots-" + UUID.randomUUID(), 0, true);
        String slug = knowledge(admin, true);
        signIn(admin.token());
        newThread("Vacation questions", slug);
        type("How many days of paid vacation do employees get per year? [1] The **policy** says so." + Keys.ENTER);
        awaitAnswer("completed");
        shoot("chat");
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        try {
            assertTrue(browser.<Boolean>js("return document.documentElement.scrollWidth <= window.innerWidth"),
                    "nothing wider than a phone's screen");
            assertTrue(browser.<Boolean>js("return document.querySelector('.composer').getBoundingClientRect().bottom <= window.innerHeight"),
                    "the composer in view without scrolling the page");
            shoot("chat-phone");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }

        browser.driver.get(proxy.root().resolve("kb.html").toString());
        browser.await("the collections", driver -> count(".collections tbody tr") > 0);
        click(".collections tbody tr[data-slug='" + slug + "'] button");
        browser.await("the documents", driver -> count(".documents tbody tr") > 0);
        WebElement search = browser.driver.findElement(By.cssSelector(".search input[name=q]"));
        search.sendKeys("paid vacation days" + Keys.ENTER);
        browser.await("search results", driver -> count(".results li .score") > 0);
        shoot("knowledge-base");

        browser.driver.get(proxy.root().resolve("tester.html").toString());
        new Select(shown("select[name=provider]")).selectByVisibleText("builtin");
        click(".start");
        browser.await("the tester done", driver -> "done".equals(text(".state")));
        shoot("stream-tester");

        browser.driver.get(proxy.root().resolve("tasks.html").toString());
        click("button.estimate-points");
        browser.await("the estimate", driver -> count("cs-task-card[task=estimate-points] .badge.confidence") > 0
                && "false".equals(browser.driver.findElement(By.cssSelector("cs-task-card[task=estimate-points]")).getAttribute("aria-busy")));
        shoot("ai-tasks");

        browser.driver.get(hostSite(slug).toString());
        browser.await("the launcher", driver -> shadow(".launcher") != null);
        shadow(".launcher").click();
        shadow("textarea").sendKeys("How many days of paid vacation do employees get per year?" + Keys.ENTER);
        browser.await("the widget's answer", driver -> count("chatstream-widget") == 1
                && "false".equals(shadow(".messages").getAttribute("aria-busy")) && shadow(".message.assistant") != null);
        shoot("widget");
        for (String page : List.of("chat", "chat-phone", "knowledge-base", "stream-tester", "ai-tasks", "widget")) {
            assertTrue(Files.size(SCREENSHOTS.resolve(page + "-light.png")) > 10_000, page);
            assertTrue(Files.size(SCREENSHOTS.resolve(page + "-dark.png")) > 10_000, page);
        }
    }

    // helpers

    /** A collection with one document, indexed; public or not. */
    private static String knowledge(Api admin, boolean isPublic) {
        String slug = "kb-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.post("api/kb/collections", Map.of("slug", slug, "name", "ACME handbook", "public", isPublic)).status());
        var added = admin.post("api/kb/collections/" + slug + "/documents", Map.of("title", "Vacation policy",
                "url", "https://intranet.example/vacation", "contentType", "text/markdown",
                "content", "# Vacation policy\n\nEmployees get 30 days of paid vacation per year. Unused vacation days carry over "
                        + "to the next year, up to ten days.\n"));
        String id = added.json().path("document").path("id").asText();
        admin.awaitDocument(slug, id, "indexed");
        return slug;
    }

    /** Another site's page, on another origin, with a strict policy and hostile CSS; /bare is the same page without the widget. */
    private URI hostSite(String slug) throws IOException {
        if (hostSite != null) {
            hostSite.stop(0);
        }
        String widgetOrigin = "http://127.0.0.1:" + Api.root(deployment).getPort();
        hostSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>ACME</title>
                <link rel="stylesheet" href="/hostile.css"></head>
                <body><h1>ACME Corporation</h1><p>Our products, our people.</p>%s</body></html>""";
        String tag = "<script src=\"" + widgetOrigin + "/widget.js\" data-collection=\"" + slug
                + "\" data-title=\"Ask about ACME\" defer></script>";
        serve("/", "text/html", page.formatted(tag), widgetOrigin);
        serve("/bare", "text/html", page.formatted(""), widgetOrigin);
        serve("/hostile.css", "text/css", "* { color: red !important; font-family: serif !important; } "
                + "button { display: none !important; } div { border: 3px solid red !important; } "
                + "chatstream-widget { --chatstream-accent: rgb(0, 128, 0); }", widgetOrigin);
        hostSite.start();
        return URI.create("http://127.0.0.1:" + hostSite.getAddress().getPort() + "/");
    }

    private static void serve(String path, String type, String body, String widgetOrigin) {
        hostSite.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src " + widgetOrigin
                    + "; connect-src " + widgetOrigin + "; style-src 'self'; img-src 'self'");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private void signInThroughTheForm(String token) {
        browser.driver.get(proxy.root().toString());
        browser.js("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.await("the sign-in form", driver -> count("form.sign-in") == 1);
        browser.driver.findElement(By.id("token")).sendKeys("not a token");
        click("form.sign-in button");
        browser.await("a refusal", driver -> !text("form.sign-in .problem").isEmpty());
        browser.driver.findElement(By.id("token")).clear();
        browser.driver.findElement(By.id("token")).sendKeys(token);
        click("form.sign-in button");
        browser.await("the app", driver -> count(".new-thread-box") == 1);
    }

    private void signIn(String token) {
        browser.driver.get(proxy.root().toString());
        browser.js("sessionStorage.setItem('chatstream.token', arguments[0])", token);
        browser.driver.navigate().refresh();
        browser.await("the app", driver -> count(".new-thread-box") == 1);
    }

    private void newThread(String title, String collection) {
        click(".new-thread-box summary");
        browser.driver.findElement(By.cssSelector(".new-thread input[name=title]")).sendKeys(title);
        if (collection != null) {
            browser.await("the collections listed", driver -> count(".new-thread select[name=collection] option[value='" + collection + "']") == 1);
            new Select(browser.driver.findElement(By.cssSelector(".new-thread select[name=collection]"))).selectByValue(collection);
        }
        click(".new-thread button[type=submit]");
        browser.await("the thread open", driver -> title.equals(text(".conversation h2")));
    }

    /** A new user's new thread with an answer of 40 tokens 100 ms apart, six of them shown. */
    private void startALongAnswer(String title) {
        signIn(Api.newUser(deployment, "acme").token());
        newThread(title, null);
        type("tokens:40 pace:100 " + title + "-" + UUID.randomUUID() + Keys.ENTER);
        browser.await("a few tokens", driver -> answerText().contains("t5 "));
    }

    private void type(CharSequence text) {
        browser.driver.findElement(By.cssSelector(".composer textarea")).sendKeys(text);
    }

    private Map<String, Object> awaitAnswer(String status) {
        return browser.await("an answer " + status, driver -> {
            Map<String, Object> answer = browser.js(LAST_ANSWER);
            return answer != null && status.equals(answer.get("status")) && "false".equals(answer.get("busy")) ? answer : null;
        });
    }

    private void shoot(String page) throws IOException {
        for (String scheme : List.of("light", "dark")) {
            browser.colorScheme(scheme);
            browser.screenshot(SCREENSHOTS.resolve(page + "-" + scheme + ".png"));
        }
        browser.colorScheme("light");
    }

    private static WebElement focused() {
        return browser.driver.switchTo().activeElement();
    }

    private static void keys(CharSequence... keys) {
        for (CharSequence key : keys) {
            focused().sendKeys(key);
        }
    }

    private static WebElement shadow(String selector) {
        return browser.js("return document.querySelector('chatstream-widget')?.shadowRoot?.querySelector(arguments[0])", selector);
    }

    /** The element once the page shows it (pages render after their sign-in check). */
    private static WebElement shown(String selector) {
        return browser.await(selector + " shown", driver -> driver.findElements(By.cssSelector(selector)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static void click(String selector) {
        shown(selector).click();
    }

    private static String text(String selector) {
        var found = browser.driver.findElements(By.cssSelector(selector));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private static int count(String selector) {
        return browser.driver.findElements(By.cssSelector(selector)).size();
    }

    /** The fake's answer to "tokens:N" as the page shows it: t0 t1 … t(N-1). */
    private static String numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> "t" + i).collect(Collectors.joining(" "));
    }

    /** The last answer's text so far, empty before it starts. */
    private static String answerText() {
        Map<String, Object> answer = browser.js(LAST_ANSWER);
        return answer == null ? "" : (String) answer.get("text");
    }
}
