package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachedProductTest {

    @Test
    void keepsVersionAndJsonThroughEncoding() {
        var entry = new CachedProduct(12, "{\"name\":\"a|b\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(entry.encode(), StandardCharsets.UTF_8)).isEqualTo("12|{\"name\":\"a|b\"}");
        assertThat(CachedProduct.decode(entry.encode())).isEqualTo(entry);
    }

    @Test
    void keepsATombstoneAsAVersionWithoutJson() {
        var tombstone = new CachedProduct(4, null);

        assertThat(new String(tombstone.encode(), StandardCharsets.UTF_8)).isEqualTo("4|");
        var decoded = CachedProduct.decode(tombstone.encode());
        assertThat(decoded).isEqualTo(tombstone);
        assertThat(decoded.visible()).isFalse();
    }

    @Test
    void ignoresBytesThatAreNotAnEntry() {
        assertThat(CachedProduct.decode("{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(CachedProduct.decode("x|{}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(CachedProduct.decode(new byte[0])).isNull();
    }
}
