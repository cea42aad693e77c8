package dev.shop.auth.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shop.auth.ShopRole;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user's profile on the wire.
 *
 * @param id the Keycloak user id, also the {@code sub} of the user's tokens
 * @param roles the user's shop roles ({@code customer}, {@code admin}); left out where they are not known
 * @param createdAt when the profile began: the registration, or for a user made outside the shop the first call of
 *     {@code /me} (for admins listing users: when the user was created in Keycloak)
 */
public record ProfileResponse(
        UUID id,
        String email,
        String firstName,
        String lastName,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> roles,
        Instant createdAt) {

    public static ProfileResponse of(Profile profile, @Nullable Collection<ShopRole> roles) {
        return new ProfileResponse(
                profile.id(),
                profile.email(),
                profile.firstName(),
                profile.lastName(),
                roles == null ? null : names(roles),
                profile.createdAt());
    }

    /** Role names in a stable order. */
    public static List<String> names(Collection<ShopRole> roles) {
        return roles.stream().map(ShopRole::roleName).sorted().toList();
    }
}
