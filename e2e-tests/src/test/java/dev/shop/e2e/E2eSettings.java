package dev.shop.e2e;

import java.util.Map;

/** What the e2e suite changes in the services' configuration, as environment variables of their processes. */
final class E2eSettings {

    private E2eSettings() {}

    // Spring Boot's names for properties in the environment: dots become underscores, dashes go
    static Map<String, String> serviceEnvironment() {
        return Map.of(
                // every test customer registers and logs in from this one loopback address
                "SHOP_GATEWAY_RATELIMITS_REGISTER_REPLENISHRATE", "100",
                "SHOP_GATEWAY_RATELIMITS_REGISTER_BURSTCAPACITY", "1000",
                "SHOP_GATEWAY_RATELIMITS_TOKEN_REPLENISHRATE", "100",
                "SHOP_GATEWAY_RATELIMITS_TOKEN_BURSTCAPACITY", "1000");
    }
}
