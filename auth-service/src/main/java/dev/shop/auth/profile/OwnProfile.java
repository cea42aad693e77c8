package dev.shop.auth.profile;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The caller's own profile. Users made outside the shop (the realm's demo users, users an operator adds in Keycloak)
 * have no profile row until their first call: it is then made from their token's claims. That is not a
 * registration, so no {@code UserRegistered} is published for them.
 */
@Service
public class OwnProfile {

    private final Profiles profiles;
    private final Clock clock;

    OwnProfile(Profiles profiles) {
        this.profiles = profiles;
        this.clock = Clock.systemUTC();
    }

    public Mono<Profile> of(Caller caller) {
        return profiles.findById(caller.id())
                .switchIfEmpty(Mono.defer(() -> profiles.findOrInsert(new Profile(
                        caller.id(),
                        caller.email(),
                        caller.firstName(),
                        caller.lastName(),
                        clock.instant().truncatedTo(ChronoUnit.MICROS)))));
    }
}
