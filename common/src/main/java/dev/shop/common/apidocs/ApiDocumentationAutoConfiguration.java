package dev.shop.common.apidocs;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.ServerBaseUrlCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The conventions of every service's OpenAPI document:
 *
 * <ul>
 *   <li>one server, {@code /}: clients call the gateway, on whatever origin serves the document, never a service's
 *       own port;
 *   <li>every error as {@code application/problem+json} with the shared {@code Problem} schema (see
 *       {@link ProblemResponses});
 *   <li>two ways to present a token: {@code bearer} (any access token from the realm) and {@code keycloak}, the
 *       authorization-code flow with PKCE against the realm, which Swagger UI's <em>Authorize</em> runs through the
 *       public {@code shop-web} client. The realm's endpoints come from {@code shop.api-docs.authorization-url} and
 *       {@code shop.api-docs.token-url}, by default from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri};
 *   <li>a record's components required unless {@code @Nullable} (see {@link RequiredRecordComponents}).
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ApiDocumentationAutoConfiguration {

    /** The security scheme of a bearer token however it was obtained. */
    public static final String BEARER = "bearer";

    /** The security scheme of Keycloak's authorization-code flow. */
    public static final String KEYCLOAK = "keycloak";

    static {
        // Jackson's tree is any JSON value; left alone, the document would describe JsonNode's getters as properties
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, ProblemSchema.typed("object").description("A JSON object"));
    }

    @Bean
    ModelConverter requiredRecordComponents() {
        return new RequiredRecordComponents();
    }

    @Bean
    OperationCustomizer problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    ServerBaseUrlCustomizer gatewayAsTheServer() {
        return (serverBaseUrl, request) -> "/";
    }

    @Bean
    OpenApiCustomizer shopApiConventions(Environment environment) {
        @Nullable String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        @Nullable
        String authorizationUrl = environment.getProperty(
                "shop.api-docs.authorization-url", issuer == null ? null : issuer + "/protocol/openid-connect/auth");
        @Nullable
        String tokenUrl = environment.getProperty(
                "shop.api-docs.token-url", issuer == null ? null : issuer + "/protocol/openid-connect/token");
        return openApi -> conventions(openApi, authorizationUrl, tokenUrl);
    }

    static void conventions(OpenAPI openApi, @Nullable String authorizationUrl, @Nullable String tokenUrl) {
        openApi.setServers(List.of(new Server().url("/").description("The shop's gateway")));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        ProblemSchema.components().forEach(components::addSchemas);
        components.addSecuritySchemes(
                BEARER,
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An access token of the shop's realm, e.g. from POST /api/auth/token"));
        boolean keycloak = authorizationUrl != null && tokenUrl != null;
        if (keycloak) {
            components.addSecuritySchemes(
                    KEYCLOAK,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.OAUTH2)
                            .description("Sign in through Keycloak: authorization code with PKCE, client shop-web")
                            .flows(new OAuthFlows()
                                    .authorizationCode(new OAuthFlow()
                                            .authorizationUrl(authorizationUrl)
                                            .tokenUrl(tokenUrl)
                                            .refreshUrl(tokenUrl)
                                            .scopes(new Scopes()
                                                    .addString("openid", "Sign in")
                                                    .addString("profile", "Your name")
                                                    .addString("email", "Your e-mail address")))));
        }
        openApi.setComponents(components);
        if (keycloak && openApi.getPaths() != null) {
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        if (operation.getSecurity() != null
                                && !operation.getSecurity().isEmpty()
                                && operation.getSecurity().stream().noneMatch(either -> either.containsKey(KEYCLOAK))) {
                            List<SecurityRequirement> either = new ArrayList<>(operation.getSecurity());
                            either.add(new SecurityRequirement().addList(KEYCLOAK, List.of("openid")));
                            operation.setSecurity(either);
                        }
                    }));
        }
    }
}
