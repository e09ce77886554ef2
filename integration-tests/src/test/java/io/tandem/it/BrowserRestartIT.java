package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real browser shops through Tandem, Tandem is killed and restarted, and the next page load
 * shows the same cart. Fails if the browser loses either cookie (for example through a wrong
 * attribute), if the restarted member does not accept the cookie its predecessor issued, or if
 * the session lands on another shop instance.
 */
class BrowserRestartIT extends DeploymentTestBase {

    @Test
    void cartSurvivesARestartOfTandem_inARealBrowser() throws Exception {
        ChromeDriver browser = Browser.start(Files.createDirectories(dir.resolve("chromium-profile")));
        try {
            String shop = deployment.tandem.baseUrl().toString();
            browser.get(shop + "/catalog/product/view/id/1");
            Browser.submit(browser, By.cssSelector("#product_addtocart_form button[type=submit]"));
            assertThat(cartLines(browser)).as("cart after adding").hasSize(1);
            assertThat(browser.manage().getCookieNamed("cookiesession1")).isNotNull();
            assertThat(browser.manage().getCookieNamed("cookiesession1").isHttpOnly()).isTrue();
            assertThat(browser.manage().getCookieNamed("PHPSESSID")).isNotNull();
            String sku = cartLines(browser).get(0).getAttribute("data-sku");

            deployment.tandem.kill();
            deployment.tandem.start();

            browser.get(shop + "/checkout/cart/");
            List<WebElement> lines = cartLines(browser);
            assertThat(lines).as("cart after Tandem restarted").hasSize(1);
            assertThat(lines.get(0).getAttribute("data-sku")).isEqualTo(sku);
        } finally {
            browser.quit();
        }
    }

    private static List<WebElement> cartLines(ChromeDriver browser) {
        return browser.findElements(By.cssSelector("tr.cart-item"));
    }
}
