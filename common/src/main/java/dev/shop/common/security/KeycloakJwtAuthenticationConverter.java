package dev.shop.common.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import reactor.core.publisher.Mono;

/**
 * Turns a Keycloak access token into an authentication whose name is the {@code sub} (the user id every service
 * stores) and whose authorities are the realm roles as {@code ROLE_<role>} (so {@code hasRole("admin")} works).
 */
public final class KeycloakJwtAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    /** The prefix Spring Security's {@code hasRole} expects. */
    public static final String ROLE_PREFIX = "ROLE_";

    private final ReactiveJwtAuthenticationConverterAdapter delegate;

    public KeycloakJwtAuthenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(KeycloakJwtAuthenticationConverter::realmRoles);
        converter.setPrincipalClaimName(JwtClaimNames.SUB);
        this.delegate = new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return delegate.convert(jwt);
    }

    /** {@code realm_access.roles} as {@code ROLE_<role>} authorities; none when the claim is absent or malformed. */
    public static Collection<GrantedAuthority> realmRoles(Jwt jwt) {
        if (!(jwt.getClaims().get("realm_access") instanceof Map<?, ?> realmAccess)) {
            return List.of();
        }
        if (!(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream()
                .filter(String.class::isInstance)
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(ROLE_PREFIX + role))
                .toList();
    }
}
