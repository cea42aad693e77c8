package dev.shop.gateway.security;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * The edge check. common's security auto-configuration does the work (stateless resource server, issuer and audience
 * {@code shop-api}, 401/403 as problems, validated tokens cached until they expire); this says what is public at the
 * gateway. Roles
 * are not checked here: which role may do what is each service's business, and every service checks the token again.
 *
 * <p>A request that sends a token is checked even on a public path: a token that is forged, expired or for another
 * audience gets 401 rather than being served as anonymous, as the services do, so a client learns that its token is
 * bad instead of silently losing its identity.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    ShopAuthorizationRules gatewayRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, "/api/catalog/**")
                .permitAll()
                .pathMatchers(HttpMethod.HEAD, "/api/catalog/**")
                .permitAll()
                // the refresh token in the body is its own credential; the access token may have expired by then
                .pathMatchers(
                        HttpMethod.POST,
                        "/api/auth/register",
                        "/api/auth/token",
                        "/api/auth/refresh",
                        "/api/auth/logout",
                        "/api/payments/webhook")
                .permitAll()
                // the Swagger UI here and the services' own (their documents are public in common already)
                .pathMatchers(
                        HttpMethod.GET,
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/webjars/**",
                        "/v3/api-docs/**",
                        "/api/*/swagger-ui.html",
                        "/api/*/webjars/**")
                .permitAll();
    }

    /** No observation per security filter: at the gateway's request rates it is a visible share of the CPU. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
