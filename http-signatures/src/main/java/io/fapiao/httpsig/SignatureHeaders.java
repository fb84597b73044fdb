package io.fapiao.httpsig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header fields a {@link MessageSigner} produced, to add to the message as sent. The
 * {@code Content-Digest} is there when the body is not empty: the signature covers it, so it must
 * travel with the body unchanged.
 *
 * <pre>{@code
 * SignatureHeaders headers = signer.sign(message);
 * headers.asMap().forEach(requestBuilder::header);
 * }</pre>
 *
 * @param contentDigest the {@code Content-Digest} value, or {@code null} for an empty body
 * @param signatureInput the {@code Signature-Input} value ({@code label=(...);created=...})
 * @param signature the {@code Signature} value ({@code label=:base64:})
 */
public record SignatureHeaders(String contentDigest, String signatureInput, String signature) {

    /** The fields by their canonical names, in the order to send them. */
    public Map<String, String> asMap() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (contentDigest != null) {
            fields.put("Content-Digest", contentDigest);
        }
        fields.put("Signature-Input", signatureInput);
        fields.put("Signature", signature);
        return fields;
    }

    /** The message with these fields set (replacing any earlier values of the same names). */
    public HttpMessage applyTo(HttpMessage message) {
        HttpMessage signed = message;
        for (Map.Entry<String, String> field : asMap().entrySet()) {
            signed = signed.withField(field.getKey(), field.getValue());
        }
        return signed;
    }
}
