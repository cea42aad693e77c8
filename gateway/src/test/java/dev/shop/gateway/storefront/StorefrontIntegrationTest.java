package dev.shop.gateway.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shop.common.security.test.TestJwts;
import dev.shop.gateway.IntegrationTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The storefront as the gateway serves it (the storefront module's build is on the class path): its pages, files,
 * configuration, Content-Security-Policy, cache headers and compression, without a token.
 */
class StorefrontIntegrationTest extends IntegrationTestSupport {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    @Test
    void servesTheStorefrontAtTheRootAndAtEachOfItsPagesUnderAStrictPolicy() {
        for (String page :
                new String[] {"/", "/products/42", "/cart", "/checkout", "/orders", "/orders/42", "/admin"}) {
            var html = client.get()
                    .uri(page)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader()
                    .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .expectHeader()
                    .valueEquals("X-Frame-Options", "DENY")
                    .expectHeader()
                    .value(
                            "Content-Security-Policy",
                            policy -> assertThat(policy)
                                    .contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
                                    .contains("connect-src 'self' " + keycloakOrigin())
                                    .doesNotContain("unsafe-inline", "unsafe-eval"))
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(html).as(page).contains("<div id=\"app\">").doesNotContain("<script>");
        }
    }

    @Test
    void letsBrowsersKeepTheHashedFilesForAYearAndSendsThemCompressed() throws IOException, InterruptedException {
        String html = client.get()
                .uri("/")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var script = SCRIPT.matcher(String.valueOf(html));
        assertThat(script.find()).as("the page's script in %s", html).isTrue();

        client.get()
                .uri(script.group(1))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable");
        // java.net.http leaves the body as sent: Reactor Netty's client would decompress it and drop the header
        var compressed = send(script.group(1), "gzip");
        var plain = send(script.group(1), "identity");
        assertThat(compressed.headers().firstValue(HttpHeaders.CONTENT_ENCODING))
                .hasValue("gzip");
        assertThat(plain.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).isEmpty();
        assertThat(compressed.body().length).as("gzip").isLessThan(plain.body().length / 2);
    }

    private HttpResponse<byte[]> send(String path, String encoding) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header(HttpHeaders.ACCEPT_ENCODING, encoding)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void tellsTheStorefrontWhereKeycloakIsAndLetsOnlyTheSilentCheckPageBeFramedByItself() {
        client.get()
                .uri("/storefront/config.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keycloak.url")
                .isEqualTo(keycloakOrigin())
                .jsonPath("$.keycloak.realm")
                .isEqualTo("shop")
                .jsonPath("$.keycloak.clientId")
                .isEqualTo("shop-web");
        client.get()
                .uri("/silent-check-sso.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Frame-Options", "SAMEORIGIN")
                .expectHeader()
                .value("Content-Security-Policy", policy -> assertThat(policy).endsWith("frame-ancestors 'self'"));
    }

    @Test
    void leavesTheApiAndOtherPathsAsTheyWere() {
        client.get()
                .uri("/api/catalog/products")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("Content-Security-Policy")
                .expectHeader()
                .doesNotExist(HttpHeaders.CONTENT_ENCODING);
        client.get().uri("/nothing-here").exchange().expectStatus().isUnauthorized();
        client.post().uri("/cart").exchange().expectStatus().isUnauthorized();
    }

    /** The issuer of the tests' tokens names Keycloak's address, as a deployment's does. */
    private static String keycloakOrigin() {
        return TestJwts.ISSUER.substring(0, TestJwts.ISSUER.indexOf("/realms/"));
    }
}
