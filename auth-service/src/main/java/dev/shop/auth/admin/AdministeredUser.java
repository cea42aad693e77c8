package dev.shop.auth.admin;

import dev.shop.auth.ShopRole;
import dev.shop.auth.keycloak.KeycloakUser;
import java.util.Set;

/** A user as admins see one: Keycloak's record and the shop roles the user's next token will carry. */
public record AdministeredUser(KeycloakUser user, Set<ShopRole> roles) {}
