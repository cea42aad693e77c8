package dev.shop.e2e;

import java.util.Map;

/** What the e2e suite changes in the services' configuration, as environment variables of their processes. */
final class E2eSettings {

    private E2eSettings() {}

    // Spring Boot's names for properties in the environment: dots become underscores, dashes go
    static Map<String, String> serviceEnvironment() {
        return Map.of(
                // the suite's clients stand behind a proxy on loopback: each one names its own address in
                // X-Forwarded-For (ShopClient), so each has its own rate-limit bucket, as behind an ingress
                "SHOP_GATEWAY_TRUSTEDPROXIES", "127.0.0.1");
    }
}
