package io.fapiao.proof;

import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Certificates;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The first check family: the bundle document itself. Its bytes are canonical JSON of a
 * {@link ProofBundle#FORMAT} bundle with every member present ({@code bundle.*}); its authorities are
 * CA certificates ({@code authority[i]}, {@code authorities}); its blocks parse strictly and go by
 * ascending number ({@code block#i.structure}, {@code blocks.order}, {@code blocks}). Nothing after
 * this runs unless all of it passed.
 *
 * <pre>{@code
 * Optional<BundleReading.Contents> contents = new BundleReading(pinned).read(json, checks);
 * }</pre>
 *
 * @param pinned fingerprints of the pinned CA certificates; null when the verifier pins none
 */
record BundleReading(Set<String> pinned) {

    /**
     * A bundle that read: the document, its CA certificates by MSP id, its blocks by number in order.
     */
    record Contents(ProofBundle bundle, Map<String, List<X509Certificate>> authorities, Map<Long, FabricBlock> blocks) {
        Contents {
            authorities = Collections.unmodifiableMap(authorities);
            blocks = Collections.unmodifiableMap(blocks);
        }
    }

    /** The bundle's contents, or empty when a check failed (the checks say which). */
    Optional<Contents> read(byte[] json, Checks checks) {
        Optional<ProofBundle> bundle = document(json, checks);
        if (bundle.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<X509Certificate>> authorities = new TreeMap<>();
        if (!authorities(bundle.get(), authorities, checks)) {
            return Optional.empty();
        }
        Map<Long, FabricBlock> blocks = new LinkedHashMap<>();
        if (!blocks(bundle.get(), blocks, checks)) {
            return Optional.empty();
        }
        return Optional.of(new Contents(bundle.get(), authorities, blocks));
    }

    private static Optional<ProofBundle> document(byte[] json, Checks checks) {
        ProofBundle bundle;
        try {
            if (!Arrays.equals(CanonicalJson.canonicalize(json), json)) {
                checks.fail(
                        "bundle.canonical",
                        "the bundle is not in canonical JSON form (RFC 8785): something was "
                                + "added, removed or re-spelled outside the values");
                return Optional.empty();
            }
            checks.pass("bundle.canonical", "canonical JSON (RFC 8785), " + json.length + " bytes");
            bundle = ProofBundle.fromJson(json);
        } catch (ProtocolException | IllegalArgumentException e) {
            checks.fail("bundle.json", "not a proof bundle document: " + e.getMessage());
            return Optional.empty();
        }
        if (!Arrays.equals(CanonicalJson.encode(bundle), json)) {
            checks.fail(
                    "bundle.shape",
                    "the bundle has members or values a " + ProofBundle.FORMAT
                            + " bundle does not hold (a number written as text, an explicit null, ...)");
            return Optional.empty();
        }
        if (!checks.check(
                ProofBundle.FORMAT.equals(bundle.format()),
                "bundle.format",
                ProofBundle.FORMAT,
                "format is '" + bundle.format() + "'; this verifier reads " + ProofBundle.FORMAT)) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (bundle.subject() == null || bundle.subject().billKey() == null) {
            missing.add("subject.billKey");
        }
        for (Map.Entry<String, Object> field : Map.<String, Object>of(
                        "channel",
                        bundle.channel() != null,
                        "chaincode",
                        bundle.chaincode() != null,
                        "authorities",
                        bundle.authorities() != null,
                        "blocks",
                        bundle.blocks() != null,
                        "sealedBill",
                        bundle.sealedBill() != null,
                        "steps",
                        bundle.steps() != null)
                .entrySet()) {
            if (Boolean.FALSE.equals(field.getValue())) {
                missing.add(field.getKey());
            }
        }
        return checks.check(
                        missing.isEmpty(), "bundle.shape", "all members present", "missing: " + new TreeSet<>(missing))
                ? Optional.of(bundle)
                : Optional.empty();
    }

    private boolean authorities(ProofBundle bundle, Map<String, List<X509Certificate>> authorities, Checks checks) {
        for (int i = 0; i < bundle.authorities().size(); i++) {
            ProofBundle.Authority authority = bundle.authorities().get(i);
            String name = "authority[" + i + "]";
            try {
                X509Certificate certificate =
                        Certificates.fromDer(Base64Url.decode(name + ".certificate", authority.certificate()));
                if (certificate.getBasicConstraints() < 0) {
                    checks.fail(name, "the certificate of " + authority.mspId() + " is not a CA certificate");
                    continue;
                }
                authorities
                        .computeIfAbsent(String.valueOf(authority.mspId()), k -> new ArrayList<>())
                        .add(certificate);
                String fingerprint = ProofVerifier.sha256(certificate);
                checks.anchor(new TrustAnchor(
                        authority.mspId(),
                        certificate.getSubjectX500Principal().getName(),
                        fingerprint,
                        pinned != null && pinned.contains(fingerprint)));
            } catch (ProtocolException e) {
                checks.fail(name, "the certificate of " + authority.mspId() + " does not parse: " + e.getMessage());
            }
        }
        return !checks.failed()
                && checks.check(
                        !authorities.isEmpty(),
                        "authorities",
                        authorities.size() + " organisations",
                        "the bundle names no certificate authority");
    }

    private static boolean blocks(ProofBundle bundle, Map<Long, FabricBlock> blocks, Checks checks) {
        long previous = -1;
        for (int i = 0; i < bundle.blocks().size(); i++) {
            String name = "block#" + i;
            try {
                FabricBlock block = FabricBlock.parse(
                        Base64Url.decode("blocks[" + i + "]", bundle.blocks().get(i)));
                if (block.number() <= previous) {
                    checks.fail(
                            "blocks.order",
                            "block " + block.number() + " follows block " + previous
                                    + "; blocks go by ascending number, each once");
                    return false;
                }
                previous = block.number();
                blocks.put(block.number(), block);
            } catch (ProtocolException | MalformedLedgerData e) {
                checks.fail(name + ".structure", e.getMessage());
                return false;
            }
        }
        return checks.check(
                !blocks.isEmpty(),
                "blocks",
                blocks.size() + " blocks: " + blocks.keySet(),
                "the bundle holds no block");
    }
}
