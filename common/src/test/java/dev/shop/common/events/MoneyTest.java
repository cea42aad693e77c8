package dev.shop.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "E1R", ""})
    void refusesACurrencyThatIsNotThreeUpperCaseLetters(String currency) {
        assertThatThrownBy(() -> new Money(100, currency)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMissingCurrency() {
        assertThatThrownBy(() -> new Money(100, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void addsAndMultipliesInTheSameCurrency() {
        Money price = new Money(1999, "EUR");

        assertThat(price.times(3).plus(new Money(3, "EUR"))).isEqualTo(new Money(6000, "EUR"));
    }

    @Test
    void refusesToAddAnotherCurrency() {
        assertThatThrownBy(() -> new Money(1, "EUR").plus(new Money(1, "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
