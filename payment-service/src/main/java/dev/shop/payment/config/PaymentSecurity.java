package dev.shop.payment.config;

import dev.shop.common.security.ShopAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The API docs are public; everything else under {@code /api/payments} needs a valid token. */
@Configuration(proxyBeanMethods = false)
class PaymentSecurity {

    @Bean
    ShopAuthorizationRules paymentRules() {
        return spec -> spec.pathMatchers(HttpMethod.GET, "/api/payments/swagger-ui.html", "/api/payments/webjars/**")
                .permitAll()
                .pathMatchers("/api/payments/**")
                .authenticated();
    }
}
