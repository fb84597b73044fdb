package io.fapiao.chaincode;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceNumber;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks on transaction arguments. Every argument arrives as a string; one that is not of its
 * documented form is refused with {@link ChaincodeError#MALFORMED} and a message that names it.
 *
 * <pre>{@code
 * JsonNode roles = Arguments.json("roles", rolesJson);
 * byte[] signature = Arguments.base64Url("verifierSignature", signature);
 * }</pre>
 */
public final class Arguments {
    private static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Arguments() {}

    /** A {@code <uscc>:<billId>} argument; MALFORMED otherwise. */
    public static BillKey billKey(String text) {
        try {
            return BillKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw ChaincodeError.MALFORMED.exception(e.getMessage());
        }
    }

    /** An invoice-number argument named {@code name}; MALFORMED otherwise. */
    public static InvoiceNumber invoiceNumber(String name, String text) {
        try {
            return InvoiceNumber.parse(name, text);
        } catch (IllegalArgumentException e) {
            throw ChaincodeError.MALFORMED.exception(e.getMessage());
        }
    }

    public static JsonNode json(String name, String text) {
        requirePresent(name, text);
        try {
            return Json.readTree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw ChaincodeError.MALFORMED.exception(name + " is not a JSON document: " + e.getMessage());
        }
    }

    /** Requires exactly these string members, no more. */
    public static void requireFields(String name, JsonNode node, String... fields) {
        if (!node.isObject()) {
            throw ChaincodeError.MALFORMED.exception(name + " must be a JSON object with " + String.join(", ", fields));
        }
        Set<String> expected = Set.of(fields);
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String field = names.next();
            if (!expected.contains(field)) {
                throw ChaincodeError.MALFORMED.exception(
                        name + " has an unknown member " + field + "; expected " + String.join(", ", fields));
            }
        }
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value == null || !value.isString()) {
                throw ChaincodeError.MALFORMED.exception(name + "." + field + " is missing or not a string");
            }
        }
    }

    public static String text(JsonNode node, String field) {
        return node.get(field).stringValue();
    }

    public static void requirePresent(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ChaincodeError.MALFORMED.exception(name + " is missing");
        }
    }

    public static void requireMspId(String name, String value) {
        requireMatch(name, value, MSP_ID, "an MSP ID of letters, digits, '.', '_' or '-'");
    }

    public static void requireMatch(String name, String value, Pattern pattern, String description) {
        requirePresent(name, value);
        if (!pattern.matcher(value).matches()) {
            throw ChaincodeError.MALFORMED.exception(name + " '" + shorten(value) + "' is not " + description);
        }
    }

    /** Text for people (names, reasons, purposes): 1 to {@code max} characters, no control characters. */
    public static void requireText(String name, String value, int max) {
        requirePresent(name, value);
        if (value.length() > max || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw ChaincodeError.MALFORMED.exception(
                    name + " must be 1 to " + max + " characters without control characters");
        }
    }

    /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    public static Instant instant(String name, String value) {
        requirePresent(name, value);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ChaincodeError.MALFORMED.exception(
                    name + " '" + shorten(value) + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    /** Strict unpadded base64url, e.g. a DER signature. */
    public static byte[] base64Url(String name, String value) {
        requirePresent(name, value);
        try {
            return Base64Url.decode(name, value);
        } catch (ProtocolException e) {
            throw ChaincodeError.MALFORMED.exception(e.getMessage());
        }
    }

    /** A SHA-256 as 64 lower-case hex digits, the form {@code sha256sum} prints. */
    public static void requireSha256Hex(String name, String value) {
        requireMatch(name, value, HEX_SHA256, "a SHA-256 as 64 lower-case hex digits");
    }

    /** A reason code: upper case letters, digits and underscores, starting with a letter. */
    public static void requireCode(String name, String value) {
        requireMatch(name, value, CODE, "a code of upper-case letters, digits and '_' (at most 64)");
    }

    /** A JSON array of distinct reason codes, at most {@code max}. */
    public static List<String> codes(String name, String json, int max) {
        JsonNode node = json(name, json);
        if (!node.isArray() || node.size() > max) {
            throw ChaincodeError.MALFORMED.exception(name + " must be a JSON array of at most " + max + " codes");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isString()) {
                throw ChaincodeError.MALFORMED.exception(name + " holds " + element + ", which is not a string");
            }
            String code = element.stringValue();
            requireCode(name + "[" + codes.size() + "]", code);
            if (codes.contains(code)) {
                throw ChaincodeError.MALFORMED.exception(name + " lists " + code + " twice");
            }
            codes.add(code);
        }
        return List.copyOf(codes);
    }

    /** A positive decimal integer no larger than {@code max}. */
    public static long positive(String name, String value, long max) {
        requirePresent(name, value);
        if (!value.matches("[1-9][0-9]{0,17}")) {
            throw ChaincodeError.MALFORMED.exception(name + " '" + shorten(value) + "' is not a positive integer");
        }
        long parsed = Long.parseLong(value);
        if (parsed > max) {
            throw ChaincodeError.MALFORMED.exception(name + " " + parsed + " is larger than " + max);
        }
        return parsed;
    }

    static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
