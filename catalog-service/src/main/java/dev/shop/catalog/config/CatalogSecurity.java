package dev.shop.catalog.config;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;

/** Reads of the catalog are public; every other request under {@code /api/catalog} needs the {@code admin} role. */
@Configuration(proxyBeanMethods = false)
class CatalogSecurity {

    private static final String[] PUBLIC_READS = {
        "/api/catalog/products",
        "/api/catalog/products/*",
        "/api/catalog/categories",
        "/api/catalog/images/**",
        "/api/catalog/swagger-ui.html",
        "/api/catalog/webjars/**"
    };

    @Bean
    ShopAuthorizationRules catalogRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, PUBLIC_READS)
                .permitAll()
                // HEAD is a GET without the body: public alike (the gateway lets it through anonymously too)
                .pathMatchers(HttpMethod.HEAD, PUBLIC_READS)
                .permitAll()
                .pathMatchers("/api/catalog/**")
                .hasRole("admin");
    }

    /**
     * No observation per security filter: in a profile of the cached read, wrapping each filter of the chain in an
     * observation was a visible share of the request's CPU. Requests are still observed
     * ({@code http.server.requests}); 401 and 403 show there by status.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
