package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.validation.Invalid;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI documents as an integrator gets them: through the gateway's Swagger UI configuration, parsed by
 * swagger-parser, linted by openapi-generator's validator with every recommendation on, and held to the shop's own
 * rules (the gateway as the only server, every error a problem, Keycloak's authorization-code flow). That every status
 * an operation answers is declared is checked where the answers are observed: by each service's integration tests.
 */
class ApiDocumentsE2eTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> DOCUMENTS = Set.of(
            "/api/auth/v3/api-docs", "/api/catalog/v3/api-docs", "/api/cart/v3/api-docs", "/api/payments/v3/api-docs");

    private static final Map<String, OpenAPI> parsed = new LinkedHashMap<>();
    private static JsonNode swaggerConfig;

    @BeforeAll
    static void readTheDocumentsTheSwaggerUiLists() {
        swaggerConfig = ShopClient.JSON.readTree(get("/v3/api-docs/swagger-config"));
        for (JsonNode url : swaggerConfig.path("urls")) {
            String path = url.path("url").asString();
            var options = new ParseOptions();
            options.setResolve(true);
            var result = new OpenAPIParser().readContents(get(path), null, options);
            assertThat(result.getMessages())
                    .as("what swagger-parser says of %s", path)
                    .isEmpty();
            parsed.put(path, result.getOpenAPI());
        }
    }

    @Test
    void theSwaggerUiListsEveryServicesDocumentAndNothingElse() {
        assertThat(parsed.keySet()).containsExactlyInAnyOrderElementsOf(DOCUMENTS);
        parsed.forEach((path, document) ->
                assertThat(document.getPaths()).as("the operations of %s", path).isNotEmpty());
        // Authorize: the UI starts the authorization-code flow with PKCE as the public shop-web client
        assertThat(get("/webjars/swagger-ui/swagger-initializer.js"))
                .contains("ui.initOAuth(")
                .containsPattern("\"clientId\"\\s*:\\s*\"shop-web\"")
                .containsPattern("\"usePkceWithAuthorizationCodeGrant\"\\s*:\\s*true");
    }

    /**
     * The storefront's API client is generated in the build from the documents committed under {@code docs/openapi}:
     * they must be the ones the running shop serves. After a change of the API, {@code -Dshop.api-docs.write=true}
     * writes the served ones there (with Keycloak at the local run's address, where the documents name it).
     */
    @Test
    void theCommittedDocumentsTheStorefrontIsBuiltFromAreTheServedOnes() throws IOException {
        Path committed = Path.of(System.getProperty("shop.root", ".."), "docs", "openapi");
        for (String path : DOCUMENTS) {
            String service = path.split("/")[2].replaceFirst("s$", "");
            // as ./shop up serves it: Keycloak's address in the sign-in scheme is the local run's
            JsonNode served = ShopClient.JSON.readTree(
                    get(path).replace(ShopUnderTest.get().stack().keycloak().baseUrl(), "http://localhost:8180"));
            Path file = committed.resolve(service + ".json");
            if (Boolean.getBoolean("shop.api-docs.write")) {
                Files.writeString(
                        file, ShopClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
            }
            assertThat(ShopClient.JSON.readTree(Files.readString(file)))
                    .as(
                            "%s is the document %s serves; after a change of the API run this test with"
                                    + " -Dshop.api-docs.write=true and commit the file",
                            file, path)
                    .isEqualTo(served);
        }
    }

    /** A record's components are never null unless they say so: a generated client need not check for them. */
    @Test
    void schemasRequireWhatTheAnswersAlwaysCarry() {
        var schemas = parsed.get("/api/cart/v3/api-docs").getComponents().getSchemas();
        assertThat(schemas.get("CartLine").getRequired())
                .contains("productId", "quantity", "available", "priceChanged")
                .doesNotContain("sku", "name", "unitPrice", "priceWhenAdded");
        assertThat(schemas.get("OrderResponse").getRequired())
                .contains("id", "status", "lines", "total", "history")
                .doesNotContain("cancellationReason", "email");
        assertThat(schemas.get("StateChange").getRequired()).containsExactlyInAnyOrder("status", "at");
    }

    @Test
    void theDocumentsPassOpenApiGeneratorsValidatorWithEveryRecommendation() {
        var findings = new ArrayList<String>();
        parsed.forEach((path, document) -> lint(document).forEach(finding -> findings.add(path + ": " + finding)));
        assertThat(findings).isEmpty();
    }

    @Test
    void theLintRulesFindWhatTheyLookFor() {
        var flawed =
                new OpenAPIParser().readContents("""
                openapi: 3.0.3
                info: {title: flawed, version: v1}
                paths:
                  /things:
                    get:
                      parameters:
                        - {name: X_Thing, in: header, schema: {type: string}}
                      responses:
                        "200": {description: ok}
                components:
                  schemas:
                    Unused: {type: object, properties: {name: {type: string}}}
                """, null, new ParseOptions()).getOpenAPI();

        assertThat(lint(flawed)).hasSizeGreaterThanOrEqualTo(2);
    }

    /** What openapi-generator's validator finds in {@code document}, errors and warnings, with every rule on. */
    private static List<String> lint(OpenAPI document) {
        var rules = new RuleConfiguration();
        rules.setEnableRecommendations(true);
        rules.setEnableApacheNginxUnderscoreRecommendation(true);
        rules.setEnableOneOfWithPropertiesRecommendation(true);
        rules.setEnableUnusedSchemasRecommendation(true);
        rules.setEnableSchemaTypeRecommendation(true);
        rules.setEnableNullableAttributeRecommendation(true);
        rules.setEnableInvalidTypeRecommendation(true);
        rules.setEnableApiRequestUriWithBodyRecommendation(true);
        rules.setEnableDefaultNotInEnumRecommendation(true);
        var result = new OpenApiEvaluator(rules).validate(document);
        var findings = new ArrayList<String>();
        result.getErrors().stream().map(Invalid::getMessage).forEach(findings::add);
        result.getWarnings().stream().map(Invalid::getMessage).forEach(findings::add);
        return findings;
    }

    @Test
    void everyDocumentNamesTheGatewayAsItsOnlyServer() {
        parsed.forEach((path, document) -> assertThat(document.getServers())
                .as("the servers of %s", path)
                .singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/")));
    }

    @Test
    void everyOperationHasASummaryAnIdASuccessAndItsErrorsAsProblems() {
        var wrong = new ArrayList<String>();
        var operationIds = new HashSet<String>();
        forEachOperation((name, operation) -> {
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                wrong.add(name + " has no summary");
            }
            // a client is generated per document: an id is unique in its document
            String document = name.substring(0, name.indexOf(' '));
            if (!operationIds.add(document + " " + operation.getOperationId())) {
                wrong.add(name + " has the operationId of another: " + operation.getOperationId());
            }
            var statuses = operation.getResponses().keySet();
            if (statuses.stream().noneMatch(status -> status.startsWith("2") || status.equals("304"))) {
                wrong.add(name + " declares no success: " + statuses);
            }
            for (String status : List.of("401", "429", "503")) {
                if (!statuses.contains(status)) {
                    wrong.add(name + " does not declare " + status);
                }
            }
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    wrong.addAll(problemResponse(name + " " + status, response));
                }
            });
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyJsonRequestBodyComesWithAnExample() {
        var wrong = new ArrayList<String>();
        parsed.forEach((path, document) -> document.getPaths()
                .forEach((route, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    if (operation.getRequestBody() == null
                            || operation.getRequestBody().getContent() == null
                            || operation.getRequestBody().getContent().get("application/json") == null) {
                        return;
                    }
                    var json = operation.getRequestBody().getContent().get("application/json");
                    if (json.getExample() == null && json.getExamples() == null) {
                        withoutExample(document, json.getSchema(), method + " " + route, new HashSet<>(), wrong);
                    }
                })));
        assertThat(wrong).isEmpty();
    }

    /** An example, as OpenAPI 3.0 ({@code example}) or JSON Schema 2020-12 ({@code examples}) gives it. */
    private static boolean hasExample(io.swagger.v3.oas.models.media.Schema<?> schema) {
        return schema.getExample() != null
                || (schema.getExamples() != null && !schema.getExamples().isEmpty());
    }

    /** The properties of {@code schema}, followed through references, that have no example. */
    private static void withoutExample(
            OpenAPI document,
            io.swagger.v3.oas.models.media.Schema<?> schema,
            String where,
            Set<String> seen,
            List<String> wrong) {
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (seen.add(name)) {
                withoutExample(document, document.getComponents().getSchemas().get(name), where, seen, wrong);
            }
            return;
        }
        if (schema.getProperties() == null) {
            if (!hasExample(schema)) {
                wrong.add(where + " has no example");
            }
            return;
        }
        schema.getProperties().forEach((property, value) -> {
            if (value.get$ref() != null) {
                withoutExample(document, value, where + " " + property, seen, wrong);
            } else if (!hasExample(value)) {
                wrong.add(where + " " + property + " has no example");
            }
        });
    }

    @Test
    void everyDocumentSharesOneProblemSchema() {
        parsed.forEach((path, document) -> {
            var problem = document.getComponents().getSchemas().get("Problem");
            assertThat(problem).as("the Problem schema of %s", path).isNotNull();
            assertThat(problem.getProperties())
                    .containsKeys("type", "title", "status", "detail", "instance", "traceId", "errors");
            assertThat(problem.getRequired()).containsExactlyInAnyOrder("type", "title", "status");
        });
    }

    @Test
    void whatACallCreatesIsDeclaredAs201WithItsLocation() {
        for (var created : List.of(
                new String[] {"/api/auth/v3/api-docs", "/api/auth/register"},
                new String[] {"/api/catalog/v3/api-docs", "/api/catalog/products"})) {
            var responses =
                    parsed.get(created[0]).getPaths().get(created[1]).getPost().getResponses();
            assertThat(responses).as("POST %s", created[1]).containsKey("201").doesNotContainKey("200");
            assertThat(responses.get("201").getHeaders()).containsKey("Location");
        }
    }

    @Test
    void securedOperationsTakeABearerTokenOrKeycloaksAuthorizationCodeFlow() {
        String issuer = ShopUnderTest.get().stack().keycloak().issuerUri();
        parsed.forEach((path, document) -> {
            var keycloak = document.getComponents().getSecuritySchemes().get("keycloak");
            assertThat(keycloak.getType()).isEqualTo(SecurityScheme.Type.OAUTH2);
            var flow = keycloak.getFlows().getAuthorizationCode();
            assertThat(flow.getAuthorizationUrl()).isEqualTo(issuer + "/protocol/openid-connect/auth");
            assertThat(flow.getTokenUrl()).isEqualTo(issuer + "/protocol/openid-connect/token");
            assertThat(document.getComponents()
                            .getSecuritySchemes()
                            .get("bearer")
                            .getScheme())
                    .isEqualTo("bearer");
        });
        var wrong = new ArrayList<String>();
        forEachOperation((name, operation) -> {
            if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                var schemes = operation.getSecurity().stream()
                        .flatMap(either -> either.keySet().stream())
                        .toList();
                if (!schemes.containsAll(List.of("bearer", "keycloak"))) {
                    wrong.add(name + " takes " + schemes);
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void keycloakLetsTheSwaggerUiOfTheLocalRunSignAUserInThroughShopWeb() {
        // what Swagger UI's Authorize sends for ./shop up's gateway on localhost:8080: Keycloak shows its sign-in
        // page rather than refusing the client or the redirect
        String issuer = ShopUnderTest.get().stack().keycloak().issuerUri();
        String redirect = "http://localhost:8080/swagger-ui/oauth2-redirect.html";
        var authorize = issuer + "/protocol/openid-connect/auth?response_type=code&client_id=shop-web&scope=openid"
                + "&state=e2e&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
        var page = send(HttpRequest.newBuilder(URI.create(authorize)).GET().build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("kc-form-login");
    }

    private static List<String> problemResponse(String name, ApiResponse response) {
        var wrong = new ArrayList<String>();
        MediaType problem =
                response.getContent() == null ? null : response.getContent().get("application/problem+json");
        if (problem == null) {
            wrong.add(name + " is not application/problem+json");
            return wrong;
        }
        if (!"#/components/schemas/Problem".equals(problem.getSchema().get$ref())) {
            wrong.add(name + " is not a Problem: " + problem.getSchema().get$ref());
        }
        if (problem.getExamples() == null || problem.getExamples().isEmpty()) {
            wrong.add(name + " has no example");
        }
        return wrong;
    }

    /** Each operation of each document, named "document METHOD path". */
    private void forEachOperation(java.util.function.BiConsumer<String, Operation> check) {
        parsed.forEach((document, api) -> api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((PathItem.HttpMethod method, Operation operation) ->
                                check.accept(document + " " + method + " " + path, operation))));
    }

    private static String get(String path) {
        var response =
                send(HttpRequest.newBuilder(URI.create(ShopUnderTest.get().gatewayUrl() + path))
                        .header("X-Forwarded-For", ShopClient.newAddress())
                        .GET()
                        .build());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
