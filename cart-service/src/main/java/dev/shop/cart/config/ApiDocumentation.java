package dev.shop.cart.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/cart/v3/api-docs}: the cart, checkout and orders. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI cartApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shop cart API")
                        .version("v1")
                        .description("Your cart, checkout with an Idempotency-Key, and your orders. Every call needs "
                                + "a customer's bearer token."));
    }
}
