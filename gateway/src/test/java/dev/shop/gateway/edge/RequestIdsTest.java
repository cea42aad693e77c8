package dev.shop.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keepsASaneId() {
        assertThat(RequestIds.acceptOrGenerate("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestIds.acceptOrGenerate("a".repeat(128))).isEqualTo("a".repeat(128));
    }

    @Test
    void replacesAMissingEmptyLongOrUnsafeId() {
        for (String bad : new String[] {null, "", "a".repeat(129), "has space", "new\nline", "quote\"", "ü"}) {
            assertThat(RequestIds.acceptOrGenerate(bad)).as(String.valueOf(bad)).matches("[0-9a-f]{32}");
        }
    }
}
