package dev.shop.payment.config;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The API docs are public, and so is the provider's webhook endpoint (its signature authenticates it); refunds are
 * for admins; everything else under {@code /api/payments} needs a valid token (who sees what is the history's
 * business: the owner or an admin).
 */
@Configuration(proxyBeanMethods = false)
class PaymentSecurity {

    @Bean
    ShopAuthorizationRules paymentRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, "/api/payments/swagger-ui.html", "/api/payments/webjars/**")
                .permitAll()
                .pathMatchers(HttpMethod.POST, "/api/payments/webhook")
                .permitAll()
                .pathMatchers(HttpMethod.POST, "/api/payments/*/refund")
                .hasRole("admin")
                // the dead-letter admin (common's, at shop.dead-letters.path)
                .pathMatchers("/api/payments/admin/**")
                .hasRole("admin")
                .pathMatchers("/api/payments/**")
                .authenticated();
    }
}
