package io.fapiao.protocol.seal;

import io.fapiao.protocol.json.Bytes;

/**
 * Who sealed the bill and their signature over the header digest.
 *
 * @param certificate the signer's X.509 certificate, DER
 * @param signature   the suite's signature of the 32 header-digest bytes, DER (ECDSA or SM2 {@code SEQUENCE {r, s}})
 */
public record SignerSignature(Bytes certificate, Bytes signature) {}
