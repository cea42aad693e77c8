package dev.shop.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The realm roles that mean something to the shop. Keycloak gives users more (e.g. {@code offline_access}); those are
 * neither shown nor managed here.
 */
public enum ShopRole {
    CUSTOMER,
    ADMIN;

    /** The realm role's name in Keycloak, e.g. {@code customer}. */
    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The shop role called {@code name} in Keycloak, if {@code name} is one. */
    public static Optional<ShopRole> byName(String name) {
        return Arrays.stream(values())
                .filter(role -> role.roleName().equals(name))
                .findFirst();
    }

    /** The shop roles among these realm role names, by name, in a stable order. */
    public static Set<ShopRole> among(Collection<String> realmRoles) {
        return realmRoles.stream()
                .map(ShopRole::byName)
                .flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ShopRole.class)));
    }

    /** Every role name, for messages: {@code admin, customer}. */
    public static String names() {
        return Arrays.stream(values()).map(ShopRole::roleName).sorted().collect(Collectors.joining(", "));
    }
}
