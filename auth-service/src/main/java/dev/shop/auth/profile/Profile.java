package dev.shop.auth.profile;

import java.time.Instant;
import java.util.UUID;

/**
 * What the shop keeps of a user besides Keycloak: the names and e-mail given at registration and when the profile
 * began. {@code id} is the user's Keycloak id, the {@code sub} of their tokens.
 */
public record Profile(UUID id, String email, String firstName, String lastName, Instant createdAt) {}
