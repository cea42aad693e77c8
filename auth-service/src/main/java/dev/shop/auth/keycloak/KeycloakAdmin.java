package dev.shop.auth.keycloak;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The realm's users and role mappings through the Admin REST API, as the service account of auth-service's client
 * ({@code manage-users}, {@code view-users}, {@code query-users}, {@code view-realm}). A refused service-account
 * token is replaced and the call tried once more.
 */
@Component
public class KeycloakAdmin {

    private static final ParameterizedTypeReference<List<KeycloakUser>> USERS = new ParameterizedTypeReference<>() {};
    private static final ParameterizedTypeReference<List<RealmRole>> ROLES = new ParameterizedTypeReference<>() {};

    private final KeycloakHttp http;
    private final ServiceAccountToken token;
    private final String admin;

    KeycloakAdmin(KeycloakHttp http, ServiceAccountToken token, KeycloakProperties properties) {
        this.http = http;
        this.token = token;
        this.admin = properties.adminPath();
    }

    /** Creates the user and emits its id (the future tokens' {@code sub}). */
    public Mono<UUID> createUser(NewUser user) {
        var representation = Map.of(
                "username", user.email(),
                "email", user.email(),
                "firstName", user.firstName(),
                "lastName", user.lastName(),
                "enabled", true,
                "emailVerified", false,
                "requiredActions", List.of(),
                "credentials", List.of(Map.of("type", "password", "value", user.password(), "temporary", false)));
        return call(
                "create user",
                bearer -> http.web()
                        .post()
                        .uri(admin + "/users")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(representation)
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal("create user", response))
                        .toBodilessEntity()
                        .map(response -> idFrom(response.getHeaders().getLocation())));
    }

    /** Deletes the user; a user that is already gone counts as deleted. */
    public Mono<Void> deleteUser(UUID id) {
        return call(
                        "delete user",
                        bearer -> http.web()
                                .delete()
                                .uri(admin + "/users/{id}", id)
                                .headers(headers -> headers.setBearerAuth(bearer))
                                .retrieve()
                                .onStatus(
                                        HttpStatusCode::isError,
                                        response -> KeycloakHttp.refusal("delete user", response))
                                .toBodilessEntity()
                                .then())
                .onErrorResume(
                        KeycloakRefused.class, refused -> refused.status() == 404 ? Mono.empty() : Mono.error(refused));
    }

    /** The user with this id, empty when there is none (service accounts count as none). */
    public Mono<KeycloakUser> findUser(UUID id) {
        return call(
                        "read user",
                        bearer -> http.web()
                                .get()
                                .uri(admin + "/users/{id}", id)
                                .headers(headers -> headers.setBearerAuth(bearer))
                                .retrieve()
                                .onStatus(
                                        HttpStatusCode::isError,
                                        response -> KeycloakHttp.refusal("read user", response))
                                .bodyToMono(KeycloakUser.class))
                .onErrorResume(
                        KeycloakRefused.class, refused -> refused.status() == 404 ? Mono.empty() : Mono.error(refused))
                .filter(user -> !user.isServiceAccount());
    }

    /** The users whose username is exactly {@code username} (none or one). */
    public Mono<List<KeycloakUser>> findByUsername(String username) {
        return call(
                "search users",
                bearer -> http.web()
                        .get()
                        .uri(uri -> uri.path(admin + "/users")
                                .queryParam("username", "{username}")
                                .queryParam("exact", true)
                                .build(username))
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal("search users", response))
                        .bodyToMono(USERS));
    }

    /** One page of users in Keycloak's order (by username); service accounts are not listed. */
    public Mono<List<KeycloakUser>> listUsers(long first, int max) {
        return call(
                "list users",
                bearer -> http.web()
                        .get()
                        .uri(uri -> uri.path(admin + "/users")
                                .queryParam("first", first)
                                .queryParam("max", max)
                                .queryParam("briefRepresentation", true)
                                .build())
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal("list users", response))
                        .bodyToMono(USERS));
    }

    /** How many users {@link #listUsers} can list. */
    public Mono<Long> countUsers() {
        return call(
                "count users",
                bearer -> http.web()
                        .get()
                        .uri(admin + "/users/count")
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal("count users", response))
                        .bodyToMono(Long.class));
    }

    /** The realm roles mapped to the user directly (composites such as {@code default-roles-shop} not expanded). */
    public Mono<List<RealmRole>> directRoles(UUID userId) {
        return roles("read role mappings", admin + "/users/{id}/role-mappings/realm", userId);
    }

    /** Every realm role the user has, composites expanded: what the user's next token carries. */
    public Mono<List<RealmRole>> effectiveRoles(UUID userId) {
        return roles("read effective roles", admin + "/users/{id}/role-mappings/realm/composite", userId);
    }

    /** The realm roles that the composite role {@code name} contains. */
    public Mono<List<RealmRole>> compositesOf(String roleName) {
        return roles("read composite role", admin + "/roles/{name}/composites/realm", roleName);
    }

    /** The realm role called {@code name}, empty when the realm has none. */
    public Mono<RealmRole> realmRole(String name) {
        return call(
                        "read role",
                        bearer -> http.web()
                                .get()
                                .uri(admin + "/roles/{name}", name)
                                .headers(headers -> headers.setBearerAuth(bearer))
                                .retrieve()
                                .onStatus(
                                        HttpStatusCode::isError,
                                        response -> KeycloakHttp.refusal("read role", response))
                                .bodyToMono(RealmRole.class))
                .onErrorResume(
                        KeycloakRefused.class, refused -> refused.status() == 404 ? Mono.empty() : Mono.error(refused));
    }

    /** Maps these realm roles to the user directly. */
    public Mono<Void> addRoles(UUID userId, List<RealmRole> roles) {
        return changeRoles("add role mappings", HttpMethod.POST, userId, roles);
    }

    /** Removes these direct realm role mappings from the user. */
    public Mono<Void> removeRoles(UUID userId, List<RealmRole> roles) {
        return changeRoles("remove role mappings", HttpMethod.DELETE, userId, roles);
    }

    private Mono<Void> changeRoles(String name, HttpMethod method, UUID userId, List<RealmRole> roles) {
        if (roles.isEmpty()) {
            return Mono.empty();
        }
        var body = roles.stream()
                .map(role -> Map.of("id", role.id(), "name", role.name()))
                .toList();
        return call(
                name,
                bearer -> http.web()
                        .method(method)
                        .uri(admin + "/users/{id}/role-mappings/realm", userId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal(name, response))
                        .toBodilessEntity()
                        .then());
    }

    private Mono<List<RealmRole>> roles(String name, String path, Object variable) {
        return call(
                name,
                bearer -> http.web()
                        .get()
                        .uri(path, variable)
                        .headers(headers -> headers.setBearerAuth(bearer))
                        .retrieve()
                        .onStatus(HttpStatusCode::isError, response -> KeycloakHttp.refusal(name, response))
                        .bodyToMono(ROLES));
    }

    /** Runs {@code request} with the service account's token; once more with a fresh token if that one is refused. */
    private <T> Mono<T> call(String name, Function<String, Mono<T>> request) {
        return http.guard(
                name,
                token.get()
                        .flatMap(bearer -> request.apply(bearer)
                                .onErrorResume(
                                        refused -> refused instanceof KeycloakRefused r && r.status() == 401,
                                        refused -> {
                                            token.invalidate(bearer);
                                            return token.get().flatMap(request);
                                        })));
    }

    private static UUID idFrom(@Nullable URI location) {
        if (location == null) {
            throw new IllegalStateException("Keycloak created a user but sent no Location");
        }
        var path = location.getPath();
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }
}
