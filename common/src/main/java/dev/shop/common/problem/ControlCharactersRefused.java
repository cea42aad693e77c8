package dev.shop.common.problem;

/** A query parameter or path segment held a control character (see {@link ControlCharacters}): 400 naming it. */
final class ControlCharactersRefused extends RuntimeException {

    private final String field;

    ControlCharactersRefused(String field) {
        super(field + " " + ControlCharacters.MESSAGE);
        this.field = field;
    }

    String field() {
        return field;
    }
}
