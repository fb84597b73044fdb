package io.fapiao.ledger.msp;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.json.Json;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import tools.jackson.databind.JsonNode;

/** Reads Fabric CA's attribute extension, whose value is the JSON {@code {"attrs":{...}}}. */
final class FabricAttributes {

    private FabricAttributes() {}

    static Map<String, String> of(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(CertificateAuthority.FABRIC_ATTRIBUTES_OID);
        if (extension == null) {
            return Map.of();
        }
        try {
            byte[] json = ASN1OctetString.getInstance(extension).getOctets();
            JsonNode attrs = Json.mapper().readTree(json).path("attrs");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (var entry : attrs.properties()) {
                if (entry.getValue().isString()) {
                    attributes.put(entry.getKey(), entry.getValue().asString());
                }
            }
            return Map.copyOf(attributes);
        } catch (RuntimeException e) {
            // Fabric's own attribute reader treats an unreadable extension as no attributes; so do we,
            // and a chaincode that needs a role then refuses the caller with its own message.
            return Map.of();
        }
    }
}
