package dev.shop.payment.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/payments/v3/api-docs}; the gateway's Swagger UI shows it with the others. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI paymentApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shop payment API")
                        .version("v1")
                        .description("Payments of orders, made from the order saga's events: their history, "
                                + "refunds (admin) and the provider's signed webhooks."));
    }
}
