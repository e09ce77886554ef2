package io.tandem.it.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.it.TandemProcess;
import io.tandem.it.pair.PairDeployment.Takeover;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real browser (headless Chromium) shops through the pair at its one service address
 * (listener mode), the active member is killed, and the next page load, retried while the
 * standby takes over as a user would press reload, shows the same cart. Fails if the browser
 * drops or mangles either cookie, if the new active member rejects the cookie issued by the
 * dead one, or if the session lands on another shop instance. Skipped when Chromium is not
 * installed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hung test must not hold the build; waits inside are bounded
class BrowserFailoverIT {

    private static final int MAX_LOADS = 40;
    private static final Duration RELOAD_PAUSE = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private PairDeployment pair;
    private ChromeDriver browser;

    @AfterEach
    void stopEverything() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @Test
    void cartSurvivesTheActiveMembersDeath_inARealBrowser() throws Exception {
        browser = TandemProcess.browser(Files.createDirectories(dir.resolve("chromium-profile")));
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        Member first = pair.active();
        Member second = pair.standby();
        String shop = first.serviceUrl().toString();
        browser.get(shop + "/catalog/product/view/id/2");
        TandemProcess.submit(browser, By.cssSelector("#product_addtocart_form button[type=submit]"));
        assertThat(cartLines()).as("cart after adding").hasSize(1);
        String sku = cartLines().get(0).getAttribute("data-sku");
        String session = browser.manage().getCookieNamed("cookiesession1").getValue();
        assertThat(browser.manage().getCookieNamed("PHPSESSID")).isNotNull();

        pair.kill(first);
        List<String> loads = new ArrayList<>();
        boolean shown = false;
        for (int i = 0; i < MAX_LOADS && !shown; i++) {
            try {
                browser.get(shop + "/checkout/cart/");
                loads.add(browser.getTitle());
                shown = browser.getTitle().startsWith("Shopping Cart"); // else the browser's error page
            } catch (WebDriverException e) {
                loads.add(e.getClass().getSimpleName());
            }
            if (!shown) {
                TimeUnit.MILLISECONDS.sleep(RELOAD_PAUSE.toMillis()); // the user waits, then reloads
            }
        }
        assertThat(shown).as("the cart page through %s after %d loads: %s", second.nodeId(), loads.size(), loads)
                .isTrue();
        List<WebElement> lines = cartLines();
        assertThat(lines).as("cart after the active member died").hasSize(1);
        assertThat(lines.get(0).getAttribute("data-sku")).isEqualTo(sku);
        assertThat(second.isActive()).isTrue();
        assertThat(second.process().stderr()).contains("session adopted");
        assertThat(browser.manage().getCookieNamed("cookiesession1")).as("cookiesession1 kept").isNotNull();
        System.out.printf("BrowserFailoverIT: cart shown after %d page loads; cookie %s%n", loads.size(),
                browser.manage().getCookieNamed("cookiesession1").getValue().equals(session) ? "unchanged" : "renewed");
    }

    private List<WebElement> cartLines() {
        return browser.findElements(By.cssSelector("tr.cart-item"));
    }
}
