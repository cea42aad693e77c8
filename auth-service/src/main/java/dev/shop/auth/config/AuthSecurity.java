package dev.shop.auth.config;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registration and the token endpoints are public (they are how one gets a token); user administration needs the
 * {@code admin} role; everything else (e.g. {@code /me}) any valid token. The paths are public for every method, so
 * that a wrong method gets 405 rather than 401.
 */
@Configuration(proxyBeanMethods = false)
class AuthSecurity {

    @Bean
    ShopAuthorizationRules authRules() {
        return spec -> spec.pathMatchers(
                        "/api/auth/register",
                        "/api/auth/token",
                        "/api/auth/refresh",
                        "/api/auth/logout",
                        "/api/auth/v3/api-docs/**",
                        "/api/auth/swagger-ui.html",
                        "/api/auth/webjars/**")
                .permitAll()
                .pathMatchers("/api/auth/users", "/api/auth/users/**")
                .hasRole("admin");
    }
}
