package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductSortTest {

    @ParameterizedTest
    @CsvSource({
        "'price,asc', 'price_amount asc, id asc'",
        "'price,DESC', 'price_amount desc, id desc'",
        "price, 'price_amount asc, id asc'",
        "'name,desc', 'name desc, id desc'",
        "'createdAt, asc', 'created_at asc, id asc'"
    })
    void turnsAKnownFieldIntoAFixedOrderByWithIdAsTieBreaker(String parameter, String orderBy) {
        assertThat(ProductSort.parse(parameter).orderBy()).isEqualTo(orderBy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "popularity", "price,up", "price,asc,name", "price_amount", "name; drop table product"})
    void refusesAnythingElseNamingTheSortParameter(String parameter) {
        assertThatThrownBy(() -> ProductSort.parse(parameter))
                .isInstanceOfSatisfying(
                        InvalidSearch.class,
                        invalid -> assertThat(invalid.violation().field()).isEqualTo("sort"));
    }
}
