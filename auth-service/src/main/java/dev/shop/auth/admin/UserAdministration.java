package dev.shop.auth.admin;

import dev.shop.auth.ShopRole;
import dev.shop.auth.keycloak.KeycloakAdmin;
import dev.shop.auth.keycloak.KeycloakRefused;
import dev.shop.auth.keycloak.RealmRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The realm's users and their shop roles, for admins. Keycloak is the source of both: the list includes users who
 * never registered through the shop (the demo users), and a role change shows in the user's next token.
 */
@Service
public class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    /** Role lookups run side by side, a few at a time, for one page. */
    private static final int CONCURRENT_LOOKUPS = 8;

    private final KeycloakAdmin keycloak;

    UserAdministration(KeycloakAdmin keycloak) {
        this.keycloak = keycloak;
    }

    public Mono<UserPage> list(int page, int size) {
        return Mono.zip(keycloak.countUsers(), keycloak.listUsers((long) page * size, size))
                .flatMap(countAndUsers -> Flux.fromIterable(countAndUsers.getT2())
                        .flatMapSequential(
                                user -> keycloak.effectiveRoles(user.id())
                                        .map(roles -> new AdministeredUser(user, shopRoles(roles)))
                                        // deleted since the page was read: not listed
                                        .onErrorResume(
                                                gone -> gone instanceof KeycloakRefused refused
                                                        && refused.status() == 404,
                                                gone -> Mono.empty()),
                                CONCURRENT_LOOKUPS)
                        .collectList()
                        .map(items -> new UserPage(items, page, size, countAndUsers.getT1())));
    }

    /**
     * Gives the user exactly these shop roles: missing ones are mapped, others removed, including one the user has
     * through a composite role (the realm's default roles give {@code customer}): that composite is replaced by its
     * other roles. Roles that are not shop roles ({@code offline_access}, ...) stay as they are.
     */
    public Mono<AdministeredUser> setRoles(UUID id, Collection<String> roleNames) {
        Set<ShopRole> wanted = EnumSet.noneOf(ShopRole.class);
        for (String name : roleNames) {
            var role = ShopRole.byName(name);
            if (role.isEmpty()) {
                return Mono.error(new UnknownRole(name));
            }
            wanted.add(role.get());
        }
        return keycloak.findUser(id)
                .switchIfEmpty(Mono.error(() -> new UserNotFound(id)))
                .flatMap(user -> Mono.zip(keycloak.directRoles(id), keycloak.effectiveRoles(id))
                        .flatMap(mappings -> change(id, wanted, mappings.getT1(), mappings.getT2()))
                        .then(keycloak.effectiveRoles(id))
                        // handle, not map: the request's trace is in thread locals there, for the log line
                        .<AdministeredUser>handle((effective, sink) -> {
                            var now = shopRoles(effective);
                            if (!now.equals(wanted)) {
                                log.warn("User {} has roles {} after being given {}", id, now, wanted);
                            }
                            sink.next(new AdministeredUser(user, now));
                        }));
    }

    private Mono<Void> change(UUID id, Set<ShopRole> wanted, List<RealmRole> direct, List<RealmRole> effective) {
        Set<ShopRole> has = shopRoles(effective);
        Set<String> unwanted = has.stream()
                .filter(role -> !wanted.contains(role))
                .map(ShopRole::roleName)
                .collect(Collectors.toSet());
        Set<String> directNames = direct.stream().map(RealmRole::name).collect(Collectors.toSet());

        Mono<List<RealmRole>> missing = Flux.fromIterable(wanted)
                .filter(role -> !has.contains(role))
                .concatMap(role -> keycloak.realmRole(role.roleName())
                        .switchIfEmpty(Mono.error(
                                () -> new IllegalStateException("The realm has no role " + role.roleName()))))
                .collectList();
        // composites that bring an unwanted role: replaced by the rest of what they bring
        Mono<List<Replacement>> replacements = Flux.fromIterable(direct)
                .filter(role -> role.composite() && !unwanted.isEmpty())
                .concatMap(composite ->
                        keycloak.compositesOf(composite.name()).map(parts -> new Replacement(composite, parts)))
                .filter(replacement -> replacement.parts().stream().anyMatch(part -> unwanted.contains(part.name())))
                .collectList();

        return Mono.zip(missing, replacements).flatMap(plan -> {
            List<RealmRole> add = new ArrayList<>(plan.getT1());
            List<RealmRole> remove = new ArrayList<>(direct.stream()
                    .filter(role -> unwanted.contains(role.name()))
                    .toList());
            for (Replacement replacement : plan.getT2()) {
                remove.add(replacement.composite());
                replacement.parts().stream()
                        .filter(part -> !unwanted.contains(part.name()) && !directNames.contains(part.name()))
                        .filter(part ->
                                add.stream().noneMatch(added -> added.name().equals(part.name())))
                        .forEach(add::add);
            }
            // add before removing: the user never lacks a role that stays
            return keycloak.addRoles(id, add).then(keycloak.removeRoles(id, remove));
        });
    }

    private record Replacement(RealmRole composite, List<RealmRole> parts) {}

    private static Set<ShopRole> shopRoles(List<RealmRole> roles) {
        return ShopRole.among(roles.stream().map(RealmRole::name).toList());
    }
}
