package dev.shop.auth.profile.web;

import dev.shop.auth.ShopRole;
import dev.shop.auth.profile.Caller;
import dev.shop.auth.profile.OwnProfile;
import dev.shop.auth.profile.ProfileResponse;
import dev.shop.common.apidocs.Problems;
import dev.shop.common.problem.ProblemType;
import dev.shop.common.security.KeycloakJwtAuthenticationConverter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Objects;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/auth")
class MeController {

    private final OwnProfile ownProfile;

    MeController(OwnProfile ownProfile) {
        this.ownProfile = ownProfile;
    }

    @GetMapping("/me")
    @Operation(
            summary = "The caller's profile",
            description = "By the token's sub. A user made outside the shop gets a profile from the token's claims"
                    + " on the first call.",
            security = @SecurityRequirement(name = "bearer"))
    @Problems(ProblemType.FORBIDDEN)
    Mono<ProfileResponse> me(@AuthenticationPrincipal Jwt jwt) {
        var caller = caller(jwt);
        return ownProfile.of(caller).map(profile -> ProfileResponse.of(profile, caller.roles()));
    }

    private static Caller caller(Jwt jwt) {
        var subject = jwt.getClaimAsString(JwtClaimNames.SUB);
        UUID id;
        try {
            id = UUID.fromString(Objects.requireNonNull(subject));
        } catch (IllegalArgumentException | NullPointerException notAUser) {
            throw new NotAUserToken();
        }
        var email = Objects.requireNonNullElse(
                jwt.getClaimAsString("email"),
                Objects.requireNonNullElse(jwt.getClaimAsString("preferred_username"), subject));
        var roles = ShopRole.among(KeycloakJwtAuthenticationConverter.realmRoles(jwt).stream()
                .map(GrantedAuthority::getAuthority)
                .map(Objects::requireNonNull)
                .map(authority -> authority.substring(KeycloakJwtAuthenticationConverter.ROLE_PREFIX.length()))
                .toList());
        return new Caller(
                id,
                email,
                Objects.requireNonNullElse(jwt.getClaimAsString("given_name"), ""),
                Objects.requireNonNullElse(jwt.getClaimAsString("family_name"), ""),
                roles);
    }
}
