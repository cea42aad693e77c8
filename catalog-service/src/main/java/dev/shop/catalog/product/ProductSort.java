package dev.shop.catalog.product;

import java.util.Locale;

/**
 * The order of search results, from {@code sort=<field>[,asc|desc]} with field {@code price}, {@code name} or
 * {@code createdAt}. Ties are broken by id, so paging is stable.
 */
public record ProductSort(Field field, boolean ascending) {

    public static final ProductSort DEFAULT = new ProductSort(Field.NAME, true);

    /** A sortable field and its column: the SQL only ever gets these fixed names, never client text. */
    public enum Field {
        PRICE("price", "price_amount"),
        NAME("name", "name"),
        CREATED_AT("createdAt", "created_at");

        private final String parameter;
        private final String column;

        Field(String parameter, String column) {
            this.parameter = parameter;
            this.column = column;
        }

        String column() {
            return column;
        }
    }

    /**
     * Parses the {@code sort} parameter.
     *
     * @throws InvalidSearch for an unknown field or direction
     */
    public static ProductSort parse(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length > 2) {
            throw invalid();
        }
        Field field = null;
        for (Field candidate : Field.values()) {
            if (candidate.parameter.equals(parts[0].trim())) {
                field = candidate;
            }
        }
        if (field == null) {
            throw invalid();
        }
        if (parts.length == 1) {
            return new ProductSort(field, true);
        }
        return switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> new ProductSort(field, true);
            case "desc" -> new ProductSort(field, false);
            default -> throw invalid();
        };
    }

    String orderBy() {
        String direction = ascending ? "asc" : "desc";
        return field.column() + " " + direction + ", id " + direction;
    }

    private static InvalidSearch invalid() {
        return new InvalidSearch("sort", "must be price, name or createdAt, optionally followed by ,asc or ,desc");
    }
}
