package dev.dialtone.platform.http.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestNode;

/**
 * The admin console in headless Chromium (Debian's), driven by Playwright, against a real node and
 * PostgreSQL: the suite is {@code src/test/browser/console/console.suite.mjs}. Each test signs in with
 * a fresh account of its own.
 */
class ConsoleBrowserIT {
    static final String ADMIN_PASSWORD = "console-admin-password-42";
    private static final Path SUITE = Path.of("src/test/browser/console/console.suite.mjs");
    private static TestNode node;
    private static BrowserTests browser;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker(), ConsoleConfig.DEFAULT.withInitialAdminPassword(Optional.of(ADMIN_PASSWORD)));
        browser = BrowserTests.prepare(Path.of("target/browser-tests"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static void run(String test) throws Exception {
        String account = "b-" + test.replaceAll("[^a-z0-9]", "").substring(0, Math.min(12, test.replaceAll("[^a-z0-9]", "").length()));
        String key = node.createAccount(account);
        browser.run(SUITE, Map.of(
                "DIALTONE_BASE_URL", node.baseUrl(),
                "DIALTONE_API_KEY", key,
                "DIALTONE_ACCOUNT", account,
                "DIALTONE_ADMIN_PASSWORD", ADMIN_PASSWORD), Duration.ofMinutes(3), test).assertPassed();
    }

    @Test
    void signInBuildAnApplicationDragRulesAndMeetAStaleReorder() throws Exception {
        run("main-flow");
    }

    @Test
    void applicationsUsersNumbersAndTrunksAreManagedInTheBrowser() throws Exception {
        run("crud-pages");
    }

    @Test
    void theEditorIndentsHighlightsAndLetsTheKeyboardOut() throws Exception {
        run("editor-keyboard");
    }

    @Test
    void rulesMoveWithTheKeyboardAlone() throws Exception {
        run("keyboard-reorder");
    }

    @Test
    void aCookieWithoutTheCsrfHeaderChangesNothing() throws Exception {
        run("csrf-refused");
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        run("sign-out");
    }

    @Test
    void aPageThatFinishesLoadingAfterSignOutDoesNotDrawOverTheSignInForm() throws Exception {
        run("sign-out-while-loading");
    }

    @Test
    void theAdministratorSignsInWithThePassword() throws Exception {
        run("password-sign-in");
    }

    @Test
    void pagesFitA390PixelScreen() throws Exception {
        run("narrow-layout");
    }
}
