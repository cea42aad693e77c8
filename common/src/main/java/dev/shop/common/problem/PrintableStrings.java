package dev.shop.common.problem;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads every string of a JSON request body (fields, array items) as Jackson does, and refuses one that holds a
 * control character ({@link ControlCharacters}): the request fails as it is read, with the field's path, and is
 * answered 400 {@code validation} naming it. Only request bodies are read so; events and the provider's answers are not.
 */
final class PrintableStrings extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        String value = super.deserialize(parser, context);
        if (value != null && ControlCharacters.in(value)) {
            throw new ControlCharacterInput(parser);
        }
        return value;
    }

    /** The string field being read holds a control character; Jackson adds the field's path as it unwinds. */
    static final class ControlCharacterInput extends MismatchedInputException {

        ControlCharacterInput(JsonParser parser) {
            super(parser, ControlCharacters.MESSAGE, String.class);
        }
    }
}
