package dev.shop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchCriteriaTest {

    @Test
    void escapesLikeWildcardsSoTheyMatchThemselves() {
        assertThat(criteria(" 100%_off\\ ").likePattern()).isEqualTo("%100\\%\\_off\\\\%");
    }

    @Test
    void ignoresBlankTextAndCategory() {
        var criteria = new SearchCriteria("  ", " ", null, null, ProductSort.DEFAULT, 0, 20);

        assertThat(criteria.text()).isNull();
        assertThat(criteria.category()).isNull();
        assertThat(criteria.likePattern()).isNull();
    }

    @Test
    void refusesAPriceRangeUpsideDown() {
        assertThatThrownBy(() -> new SearchCriteria(null, null, 500L, 100L, ProductSort.DEFAULT, 0, 20))
                .isInstanceOfSatisfying(
                        InvalidSearch.class,
                        invalid -> assertThat(invalid.violation().field()).isEqualTo("minPrice"));
    }

    @Test
    void computesTheOffsetWithoutOverflow() {
        assertThat(new SearchCriteria(null, null, null, null, ProductSort.DEFAULT, Integer.MAX_VALUE, 100).offset())
                .isEqualTo(214_748_364_700L);
    }

    private static SearchCriteria criteria(String text) {
        return new SearchCriteria(text, null, null, null, ProductSort.DEFAULT, 0, 20);
    }
}
