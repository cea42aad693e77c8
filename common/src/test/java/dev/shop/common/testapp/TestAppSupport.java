package dev.shop.common.testapp;

import dev.shop.common.security.test.TestJwts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One Spring context of the test application, shared by the integration test classes that extend this. */
@SpringBootTest(
        classes = TestShopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shop.http.max-request-body=1KB")
@AutoConfigureWebTestClient
public abstract class TestAppSupport {

    /** The request body limit configured above, in bytes. */
    protected static final int MAX_REQUEST_BODY = 1024;

    protected static final TestJwts JWTS = TestJwts.shared();

    @Autowired
    protected WebTestClient client;

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        JWTS.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** A client that sends a valid customer token with every request. */
    protected WebTestClient asCustomer() {
        return client.mutate()
                .defaultHeaders(headers -> headers.setBearerAuth(
                        JWTS.token("8d7d2f7e-3c1a-4f59-9a41-5d0f4b0b7f11", "alice@example.com", "customer")))
                .build();
    }
}
