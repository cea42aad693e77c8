package dev.shop.auth.profile;

import dev.shop.auth.ShopRole;
import java.util.Set;
import java.util.UUID;

/** The user behind a request, as their access token describes them. */
public record Caller(UUID id, String email, String firstName, String lastName, Set<ShopRole> roles) {}
