package dev.shop.auth.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/auth/v3/api-docs}; the gateway's Swagger UI shows it with the others. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI authApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shop auth API")
                        .version("v1")
                        .description("Registration, tokens from Keycloak, the caller's profile and, for admins, users"
                                + " and their roles."));
    }
}
