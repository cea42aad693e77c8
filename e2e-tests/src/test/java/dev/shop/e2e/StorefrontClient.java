package dev.shop.e2e;

import dev.shop.localstack.Keycloak;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets the realm's {@code shop-web} client sign shoppers in to the storefront of the shop under test: its gateway
 * listens on a free port, and Keycloak accepts only redirect URIs and web origins it knows (the realm file names
 * those of {@code ./shop up}). Done through Keycloak's admin API, as an operator would for a new host.
 */
final class StorefrontClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StorefrontClient() {}

    static void allow(Keycloak keycloak, String origin) {
        String admin = token(keycloak);
        String clients = keycloak.baseUrl() + "/admin/realms/shop/clients";
        JsonNode found =
                ShopClient.JSON.readTree(send(HttpRequest.newBuilder(URI.create(clients + "?clientId=shop-web"))
                        .header("Authorization", "Bearer " + admin)
                        .GET()));
        ObjectNode client = (ObjectNode) found.path(0);
        ((ArrayNode) client.withArray("redirectUris")).add(origin + "/*");
        ((ArrayNode) client.withArray("webOrigins")).add(origin);
        ObjectNode attributes = client.withObject("attributes");
        attributes.put(
                "post.logout.redirect.uris",
                attributes.path("post.logout.redirect.uris").asString() + "##" + origin + "/*");
        send(HttpRequest.newBuilder(URI.create(clients + "/" + client.path("id").asString()))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())));
    }

    private static String token(Keycloak keycloak) {
        String form = "grant_type=password&client_id=admin-cli&username="
                + URLEncoder.encode(Keycloak.ADMIN_USERNAME, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(Keycloak.ADMIN_PASSWORD, StandardCharsets.UTF_8);
        String answer = send(
                HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
        return ShopClient.JSON.readTree(answer).path("access_token").asString();
    }

    private static String send(HttpRequest.Builder request) {
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "Keycloak's admin API answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's admin API could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
