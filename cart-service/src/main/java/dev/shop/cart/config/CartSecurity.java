package dev.shop.cart.config;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Carts and orders belong to customers: every request under {@code /api/cart} and {@code /api/orders} needs the
 * {@code customer} role (the services themselves scope everything to the token's {@code sub}). The API document and
 * its UI are public.
 */
@Configuration(proxyBeanMethods = false)
class CartSecurity {

    @Bean
    ShopAuthorizationRules cartRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, "/api/cart/swagger-ui.html", "/api/cart/webjars/**")
                .permitAll()
                // before the customer's paths, which it lies under
                .pathMatchers("/api/cart/admin/**")
                .hasRole("admin")
                .pathMatchers("/api/cart", "/api/cart/**", "/api/orders", "/api/orders/**")
                .hasRole("customer");
    }
}
