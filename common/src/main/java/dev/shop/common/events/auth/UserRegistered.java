package dev.shop.common.events.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.shop.common.events.ShopEvent;
import java.util.Objects;

/** A customer registered; {@code userId} is the Keycloak {@code sub} (a UUID string). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserRegistered(String userId, String email, String firstName, String lastName) implements ShopEvent {

    public UserRegistered {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
    }

    @Override
    public String key() {
        return userId;
    }
}
