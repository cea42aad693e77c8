package dev.shop.e2e;

import static dev.shop.e2e.Browser.button;
import static dev.shop.e2e.Browser.field;
import static dev.shop.e2e.Browser.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The storefront in a real headless Chromium against the whole shop, as a shopper and an admin use it: Keycloak's
 * own sign-in page, the catalog, the cart, checkout, the order pushed live, history, admin pages, and axe-core on
 * every page.
 */
class StorefrontE2eTest {

    @Test
    void aNewShopperSignsUpFindsTwoThingsChecksOutAndSeesTheOrderConfirmedWithoutReloading() {
        var lamp = Shopping.newProduct("Browser reading lamp", 3490, 10);
        Shopping.newProduct("Browser reading glasses", 1250, 10);
        String email = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "browser-" + UUID.randomUUID();
        try (var browser = Browser.open()) {
            browser.go("/");
            browser.awaitText("Catalog");
            browser.awaitText("products"); // the first page of the catalog, read from the API
            assertThat(browser.transferredBytes())
                    .as("bytes the first load of the home page transferred")
                    .isPositive()
                    .isLessThanOrEqualTo(250 * 1024);
            browser.assertAccessible();
            browser.screenshot("catalog");

            browser.click(link("Create an account"));
            browser.type(field("First name"), "Brow");
            browser.type(field("Last name"), "Ser");
            browser.type(field("E-mail"), "not an address");
            browser.type(field("Password"), password);
            browser.click(button("Create account"));
            browser.awaitText("must be a well-formed e-mail address"); // the API's problem, next to its field
            browser.assertAccessible();
            browser.type(field("E-mail"), email);
            browser.click(button("Create account"));
            browser.awaitText("Your account is ready");
            browser.click(By.xpath("//main//button[normalize-space(.) = 'Sign in']"));
            signInOnKeycloaksPage(browser, email, password);
            browser.awaitText("Sign out");
            browser.awaitText("Catalog"); // back on the home page

            browser.type(field("Search"), "browser reading");
            browser.click(button("Search"));
            browser.awaitText("2 products");
            browser.click(link("Browser reading lamp"));
            browser.awaitText("SKU");
            browser.assertAccessible();
            browser.type(field("Quantity"), "2");
            browser.click(button("Add to cart"));
            browser.awaitText("2 in your cart");
            browser.go("/?q=reading+glasses");
            browser.click(link("Browser reading glasses"));
            browser.click(button("Add to cart"));
            browser.awaitText("1 in your cart");

            browser.click(link("Go to your cart"));
            browser.awaitText("Total (3 items)");
            assertThat(browser.find(By.cssSelector("td.total")).getText()).contains("82");
            browser.assertAccessible();
            browser.screenshot("cart");

            browser.click(button("Check out"));
            fillAddress(browser);
            browser.type(field("Country"), "XX");
            browser.click(button("Place order"));
            browser.awaitText("must be"); // the country, next to its field
            browser.assertAccessible();
            browser.type(field("Country"), "DE");
            browser.script("window.stayedOnThePage = true;");
            var placeOrder = browser.find(button("Place order"));
            browser.script("arguments[0].click(); arguments[0].click();", placeOrder); // a double click

            browser.awaitUrl("/orders/");
            browser.awaitText("Confirmed: paid");
            assertThat(browser.script("return window.stayedOnThePage === true;"))
                    .as("the order page was not reloaded: CONFIRMED was pushed")
                    .isEqualTo(true);
            assertThat(browser.find(By.cssSelector("ol.history")).getText())
                    .contains("Placed", "Items reserved", "Confirmed");
            browser.awaitText("succeeded");
            browser.assertAccessible();
            browser.screenshot("order");

            browser.click(link("Orders"));
            browser.awaitText("Your orders");
            assertThat(browser.findAll(By.cssSelector("tbody tr")))
                    .as("one purchase, one order")
                    .hasSize(1);
            browser.assertAccessible();
        }
        var customer = ShopClient.login(email, password);
        assertThat(customer.get("/api/orders").json().path("totalItems").asLong())
                .isEqualTo(1);
        assertThat(Shopping.availableStock(lamp)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                ShopUnderTest.get().stack().mail().received())
                        .anySatisfy(mail -> assertThat(mail.getAllRecipients()[0].toString())
                                .isEqualTo(email)));
    }

    @Test
    void aProductsImageShowsAsAThumbnailInTheCatalogAndWholeOnItsPage() throws Exception {
        String word = "frame" + UUID.randomUUID().toString().substring(0, 6);
        String name = "Browser picture " + word;
        var frame = Shopping.newProduct(name, 1990, 5);
        var image = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        var uploaded =
                ShopClient.admin().upload("/api/catalog/products/" + frame + "/images", "frame.png", png.toByteArray());
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        String thumbnail = uploaded.json().path("thumbnailUrl").asString();
        try (var browser = Browser.open()) {
            browser.go("/?q=" + word);
            browser.awaitText("1 product");
            // loaded through the gateway: the browser decoded the 400-pixel thumbnail
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.script(
                                    "const i = document.querySelector('.products img');"
                                            + " return i && i.complete && i.getAttribute('src') === arguments[0]"
                                            + " ? i.naturalWidth : 0",
                                    thumbnail)
                            .equals(400L));
            browser.assertAccessible();
            browser.click(link(name));
            browser.awaitText("SKU");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.script("const i = document.querySelector('.gallery img');"
                                    + " return i && i.complete ? i.naturalWidth : 0")
                            .equals(640L));
            assertThat(browser.find(By.cssSelector(".gallery img")).getAttribute("alt"))
                    .isEqualTo(name);
            browser.assertAccessible();
        }
    }

    @Test
    void aDeclinedCardShowsItsReasonAndSigningOutEndsTheKeycloakSessionToo() {
        var kettle = Shopping.newProduct("Browser declined kettle", 2500, 5);
        var shopper = ShopClient.newCustomer("declined-browser");
        Shopping.addToCart(shopper.client(), kettle, 1);
        try (var browser = Browser.open()) {
            signIn(browser, shopper.email(), shopper.password());
            browser.go("/checkout");
            fillAddress(browser);
            new Select(browser.find(field("Pay with"))).selectByValue("pm_card_chargeDeclined");
            browser.click(button("Place order"));
            browser.awaitText("Cancelled: your card was declined");
            browser.assertAccessible();

            browser.click(button("Sign out"));
            browser.awaitText("Create an account");
            browser.click(button("Sign in"));
            browser.find(By.id("username")); // Keycloak asks again: its session ended with the storefront's
        }
    }

    @Test
    void anAdminsPriceChangeShowsOnTheCustomersCartAndACustomerCannotUseTheAdminPages() {
        var teapot = Shopping.newProduct("Browser repriced teapot", 4000, 5);
        var shopper = ShopClient.newCustomer("repriced-browser");
        Shopping.addToCart(shopper.client(), teapot, 1);

        try (var admin = Browser.open()) {
            signIn(admin, "admin@example.com", "admin-manages-2026");
            admin.go("/admin");
            admin.awaitText("Dead letters");
            admin.assertAccessible();
            admin.type(field("Find a product to edit"), "Browser repriced teapot");
            admin.click(button("Find"));
            admin.click(button("Edit Browser repriced teapot"));
            admin.type(field("Price"), "45.00");
            admin.click(button("Save changes"));
            admin.awaitText("Saved Browser repriced teapot");

            // another admin saves the product meanwhile; this form's save is then a conflict, not an overwrite
            reviseDescription(teapot, "changed by another admin");
            admin.type(field("Price"), "46.00");
            admin.click(button("Save changes"));
            admin.awaitText("Someone else changed this");
            admin.assertAccessible();
        }
        assertThat(ShopClient.anonymous()
                        .get("/api/catalog/products/" + teapot)
                        .json()
                        .path("price")
                        .path("amount")
                        .asLong())
                .as("the first save, not the conflicting one")
                .isEqualTo(4500);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(shopper.client()
                                .get("/api/cart")
                                .json()
                                .path("lines")
                                .path(0)
                                .path("priceChanged")
                                .asBoolean())
                        .isTrue());

        try (var browser = Browser.open()) {
            signIn(browser, shopper.email(), shopper.password());
            browser.go("/cart");
            browser.awaitText("Price changed since you added it");
            browser.assertAccessible();

            browser.go("/admin");
            browser.awaitText("This page is for the shop's administrators only");
            browser.assertAccessible();
        }
        assertThat(shopper.client().get("/api/cart/admin/dead-letters").status())
                .as("the API refuses a customer as well")
                .isEqualTo(403);
    }

    private static void reviseDescription(String productId, String description) {
        var admin = ShopClient.admin();
        var product = admin.get("/api/catalog/products/" + productId).json();
        var body = ShopClient.JSON
                .createObjectNode()
                .put("sku", product.path("sku").asString())
                .put("name", product.path("name").asString())
                .put("description", description)
                .put("category", product.path("category").asString())
                .put("active", true)
                .set("price", product.path("price"));
        var revised = admin.withHeader(
                        "If-Match", "\"" + product.path("version").asLong() + "\"")
                .put("/api/catalog/products/" + productId, body.toString());
        assertThat(revised.status()).as(revised.text()).isEqualTo(200);
    }

    private static void signIn(Browser browser, String email, String password) {
        browser.go("/");
        browser.click(button("Sign in"));
        signInOnKeycloaksPage(browser, email, password);
        browser.awaitText("Sign out");
    }

    private static void signInOnKeycloaksPage(Browser browser, String email, String password) {
        browser.type(By.id("username"), email);
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
        browser.awaitUrl(browser.baseUrl());
    }

    private static void fillAddress(Browser browser) {
        browser.type(field("Full name"), "Brow Ser");
        browser.type(field("Address"), "Teststrasse 1");
        browser.type(field("City"), "Berlin");
        browser.type(field("Postal code"), "10115");
        browser.type(field("Country"), "DE");
    }
}
