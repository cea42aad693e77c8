package dev.shop.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.test.StepVerifier;

class KeycloakJwtAuthenticationConverterTest {

    private static final String SUBJECT = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

    @Test
    void namesTheAuthenticationAfterTheSubjectAndMapsRealmRolesToAuthorities() {
        Jwt jwt = jwt(Map.of("realm_access", Map.of("roles", List.of("customer", "admin"))));

        StepVerifier.create(new KeycloakJwtAuthenticationConverter().convert(jwt))
                .assertNext(authentication -> {
                    assertThat(authentication.getName()).isEqualTo(SUBJECT);
                    // Spring Security 7 adds FACTOR_BEARER (how the user authenticated) beside the roles
                    assertThat(authentication.getAuthorities())
                            .extracting(GrantedAuthority::getAuthority)
                            .filteredOn(authority -> authority.startsWith("ROLE_"))
                            .containsExactlyInAnyOrder("ROLE_customer", "ROLE_admin");
                })
                .verifyComplete();
    }

    @Test
    void grantsNothingWithoutRealmRoles() {
        assertThat(KeycloakJwtAuthenticationConverter.realmRoles(jwt(Map.of()))).isEmpty();
        assertThat(KeycloakJwtAuthenticationConverter.realmRoles(jwt(Map.of("realm_access", "admin"))))
                .isEmpty();
        assertThat(KeycloakJwtAuthenticationConverter.realmRoles(jwt(Map.of("realm_access", Map.of("roles", "admin")))))
                .isEmpty();
    }

    @Test
    void ignoresClientRolesAndScopes() {
        Jwt jwt = jwt(Map.of(
                "scope", "openid email", "resource_access", Map.of("shop-web", Map.of("roles", List.of("admin")))));

        assertThat(KeycloakJwtAuthenticationConverter.realmRoles(jwt)).isEmpty();
    }

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .subject(SUBJECT)
                .claim("email", "alice@example.com")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }
}
