package dev.shop.auth.keycloak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A realm role as the Admin API names it; role mappings are written with {@code id} and {@code name}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RealmRole(String id, String name, boolean composite) {}
