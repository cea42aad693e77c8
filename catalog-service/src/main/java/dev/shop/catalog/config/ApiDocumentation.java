package dev.shop.catalog.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/catalog/v3/api-docs}; the gateway's Swagger UI shows it with the others. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI catalogApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shop catalog API")
                        .version("v1")
                        .description("Products, categories and stock. Reads are public; writes need the admin role."));
    }
}
