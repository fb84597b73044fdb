package io.fapiao.protocol.bill;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Keeps the JSON of bills and invoice requests from being coerced on the way in. Jackson by default
 * turns {@code 12.5} into the fen amount {@code 12}, {@code "15"} into {@code 15}, and the number
 * {@code 2.50} into the string {@code "2.50"}; each would let two different documents read as the
 * same record, and the first silently loses money. Fields marked {@link Fen} accept only a JSON
 * integer, fields marked {@link Text} only a JSON string (or null); anything else is
 * {@link io.fapiao.protocol.ErrorCode#MALFORMED}.
 */
final class StrictScalars {
    private StrictScalars() {}

    /** A fen amount: a JSON integer within the range of {@code long}; not a fraction, exponent, string or null. */
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = FenDeserializer.class)
    @interface Fen {}

    /** A text field: a JSON string or null; not a number or boolean. */
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @JacksonAnnotationsInside
    @JsonDeserialize(using = TextDeserializer.class)
    @interface Text {}

    static final class FenDeserializer extends ValueDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return ctxt.reportInputMismatch(
                        this, "a fen amount must be a JSON integer, not " + describe(p.currentToken()));
            }
            return p.getLongValue();
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return ctxt.reportInputMismatch(this, "a fen amount must be a JSON integer, not null");
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return ctxt.reportInputMismatch(this, "a fen amount is required and missing");
        }
    }

    static final class TextDeserializer extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return ctxt.reportInputMismatch(
                        this, "a text field must be a JSON string, not " + describe(p.currentToken()));
            }
            return p.getString();
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.name();
        };
    }
}
