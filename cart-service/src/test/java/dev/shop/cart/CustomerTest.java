package dev.shop.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** What a token says of its customer: the language of the mails is taken when it is a language tag, else ignored. */
class CustomerTest {

    @Test
    void takesTheLocaleClaimAsALanguageTag() {
        assertThat(customer(token -> token.claim("locale", "de")).locale()).isEqualTo("de");
        assertThat(customer(token -> token.claim("locale", "de_AT")).locale()).isEqualTo("de-AT");
        assertThat(customer(token -> token.claim("locale", "pt-BR")).locale()).isEqualTo("pt-BR");
    }

    @Test
    void ignoresALocaleClaimThatIsNoLanguageTagWithoutRefusingTheToken() {
        assertThat(customer(token -> {}).locale()).as("no claim").isNull();
        assertThat(customer(token -> token.claim("locale", "!!!")).locale()).isNull();
        assertThat(customer(token -> token.claim("locale", " ")).locale()).isNull();
        assertThat(customer(token -> token.claim("locale", "de" + "-x".repeat(20)))
                        .locale())
                .as("longer than a tag needs")
                .isNull();
        assertThat(customer(token -> token.claim("locale", 42)).locale()).isNull();
        assertThat(customer(token -> token.claim("locale", "!!!")).email()).isEqualTo("alice@example.com");
    }

    private static Customer customer(Consumer<Jwt.Builder> claims) {
        var token = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .subject("alice")
                .claim("email", "alice@example.com");
        claims.accept(token);
        return Customer.of(token.build());
    }
}
