package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class VersionPreconditionTest {

    @Test
    void letsAnyVersionThroughWithoutIfMatch() {
        assertThat(VersionPrecondition.ifMatch(null).matches(42)).isTrue();
    }

    @Test
    void matchesOnlyTheStrongETagOfTheCurrentVersion() {
        var precondition = VersionPrecondition.ifMatch("\"3\"");

        assertThat(precondition.matches(3)).isTrue();
        assertThat(precondition.matches(4)).isFalse();
    }

    @Test
    void matchesAnyOfSeveralETagsAndAStar() {
        assertThat(VersionPrecondition.ifMatch("\"1\", \"5\"").matches(5)).isTrue();
        assertThat(VersionPrecondition.ifMatch(" * ").matches(9)).isTrue();
    }

    @Test
    void neverMatchesWeakOrMalformedETags() {
        assertThat(VersionPrecondition.ifMatch("W/\"3\"").matches(3)).isFalse();
        assertThat(VersionPrecondition.ifMatch("3").matches(3)).isFalse();
        assertThat(VersionPrecondition.ifMatch("").matches(3)).isFalse();
    }

    @Test
    void failsAStaleWriteWithTheCurrentVersion() {
        var id = UUID.randomUUID();

        assertThatThrownBy(() -> VersionPrecondition.ifMatch("\"1\"").check(id, 2))
                .isInstanceOfSatisfying(StaleProductVersion.class, stale -> {
                    assertThat(stale.properties()).containsEntry("currentVersion", 2L);
                    assertThat(stale.headers().getETag()).isEqualTo("\"2\"");
                });
    }
}
