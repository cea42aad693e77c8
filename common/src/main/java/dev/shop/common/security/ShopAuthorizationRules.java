package dev.shop.common.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A service's own access rules (its public paths, its admin paths), applied in bean order between the common public
 * paths (health, API docs) and the final "everything else needs a token". Example:
 *
 * <pre>{@code
 * @Bean
 * ShopAuthorizationRules catalogRules() {
 *     return spec -> spec.pathMatchers(HttpMethod.GET, "/api/catalog/**").permitAll()
 *             .pathMatchers("/api/catalog/**").hasRole("admin");
 * }
 * }</pre>
 *
 * Roles are Keycloak realm roles as they are named there: {@code hasRole("admin")}.
 */
@FunctionalInterface
public interface ShopAuthorizationRules {

    void configure(ServerHttpSecurity.AuthorizeExchangeSpec spec);
}
