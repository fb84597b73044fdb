package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;

/**
 * One orderer signature from a block's SIGNATURES metadata, in one of the two forms Fabric writes.
 * A single orderer (solo, etcdraft, the embedded node) names itself in a signature header
 * ({@link ByCreator}); a SmartBFT consenter leaves the signature header empty and names itself by
 * its consenter id in an identifier header ({@link ByConsenter}), which only the channel
 * configuration's consenter set resolves to a certificate. Either way the signed bytes are
 * {@code metadata value ‖ header bytes (signature or identifier header) ‖ DER block header}.
 *
 * <pre>{@code
 * for (BlockSignature signature : block.signatures()) {
 *     switch (signature) {
 *         case BlockSignature.ByCreator c -> c.creator().verifies(c.signedBytes(), c.signature());
 *         case BlockSignature.ByConsenter c -> consenters.find(c.consenterId()) ...;
 *     }
 * }
 * }</pre>
 */
public sealed interface BlockSignature {

    /** The bytes the orderer signed. */
    ByteString signedBytes();

    /** The signature (DER for ECDSA and SM2). */
    ByteString signature();

    /** The position of this signature in the metadata, from 0: how a report points at it. */
    int position();

    /**
     * A signature whose signature header carries the signer's serialized identity.
     *
     * @param creator the identity the signature header names
     */
    record ByCreator(int position, FabricIdentity creator, ByteString signedBytes, ByteString signature)
            implements BlockSignature {

        /** Whether the signature verifies under the creator's certificate. */
        public boolean valid() {
            return creator.verifies(signedBytes.toByteArray(), signature.toByteArray());
        }
    }

    /**
     * A SmartBFT consenter's signature: an empty signature header and an identifier header
     * ({@code common.IdentifierHeader}) holding the consenter id and a nonce.
     *
     * @param consenterId the consenter id (Fabric's uint32), as an unsigned value
     */
    record ByConsenter(int position, long consenterId, ByteString signedBytes, ByteString signature)
            implements BlockSignature {

        /** Whether the signature verifies under {@code consenter}'s identity; never throws. */
        public boolean validFor(Consenter consenter) {
            return consenter.identity().verifies(signedBytes.toByteArray(), signature.toByteArray());
        }
    }
}
