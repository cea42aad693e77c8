package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shop.common.events.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductTest {

    private final Product product = new Product(
            UUID.randomUUID(),
            "SKU-1",
            "Lamp",
            "",
            "home-kitchen",
            new Money(1999, "EUR"),
            10,
            2,
            true,
            5,
            Instant.now(),
            null,
            List.of());

    @Test
    void newImagesAreANewVersionAndKeepTheirOrder() {
        var first = new ProductImage(UUID.randomUUID(), "k1", "t1", 10, 10, "image/png");
        var second = new ProductImage(UUID.randomUUID(), "k2", "t2", 20, 10, "image/jpeg");

        var changed = product.withImages(List.of(second, first));

        assertThat(changed.version()).isEqualTo(product.version() + 1);
        assertThat(changed.images()).containsExactly(second, first);
        assertThat(changed.restock(12).images()).as("kept by other changes").containsExactly(second, first);
        assertThat(product.images()).isEmpty();
    }

    @Test
    void showsOnHandMinusReservedAsAvailable() {
        assertThat(product.available()).isEqualTo(8);
    }

    @Test
    void reservesReleasesAndSellsWithVersionsForWhatAClientSees() {
        var reserved = product.reserve(8);
        assertThat(reserved.available()).isZero();
        assertThat(reserved.version()).isEqualTo(6);

        var released = reserved.release(3);
        assertThat(released.available()).isEqualTo(3);
        assertThat(released.version()).isEqualTo(7);

        var sold = released.sell(7);
        assertThat(sold.onHand()).isEqualTo(3);
        assertThat(sold.reserved()).isZero();
        assertThat(sold.available()).as("a sale leaves the available stock").isEqualTo(3);
        assertThat(sold.version()).isEqualTo(7);
    }

    @Test
    void neverReservesMoreThanIsAvailable() {
        assertThatThrownBy(() -> product.reserve(9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> product.reserve(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesARestockBelowTheReservedUnits() {
        assertThatThrownBy(() -> product.restock(1)).isInstanceOf(StockBelowReserved.class);
        assertThat(product.restock(2).available()).isZero();
    }

    @Test
    void cannotExistWithMoreReservedThanOnHand() {
        assertThatThrownBy(() -> product.release(-9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isVisibleOnlyWhenActiveAndNotDeleted() {
        assertThat(product.visible()).isTrue();
        var details = new ProductDetails("SKU-1", "Lamp", "", "home-kitchen", new Money(1999, "EUR"), false);
        assertThat(product.revise(details).visible()).isFalse();
    }
}
