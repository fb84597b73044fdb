package io.fapiao.proof;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * A synthetic Fabric 3 SmartBFT channel for tests, built the way Fabric builds one: an orderer
 * organisation's CA and consenter identities; a genesis block as configtxgen writes it (a CONFIG
 * envelope whose orderer group has {@code ConsensusType} "BFT" and an {@code Orderers} consenter
 * mapping, unsigned, {@code OrdererBlockMetadata{last_config 0}}); config update blocks (sequence
 * + 1); and blocks signed as SmartBFT signs them: each consenter signs
 * {@code OrdererBlockMetadata ‖ IdentifierHeader{id, nonce} ‖ ASN.1 header} and the block carries
 * {@code MetadataSignature{signature, identifier_header}} with an empty signature header
 * (orderer/consensus/smartbft/signer.go, chain.go).
 *
 * <p>It turns a bundle recorded on the embedded (one-orderer) node into a BFT channel's: the
 * recorded genesis configuration keeps its organisations and gains the orderer organisation and the
 * consenter set; the recorded step blocks keep their header and data and are re-signed by
 * consenters. Everything the verifier checks about steps stays real.
 *
 * <pre>{@code
 * BftChannel channel = new BftChannel(recorded, 5);
 * Block genesis = channel.genesis(channel.consenters(1, 2, 3, 4));
 * Block block = channel.signed(recordedBlock, 0, 1, 2, 3);
 * byte[] json = channel.bundle(List.of(genesis, block), channel.ordererCa());
 * }</pre>
 */
final class BftChannel {

    static final String ORDERER_MSP = "OrdererOrgMSP";
    static final String ORDERER2_MSP = "Orderer2OrgMSP";
    private static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2046-01-01T00:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A consenter: its id, organisation and signing identity. */
    record Member(long id, String mspId, Identity identity) {}

    private final ProofBundle recorded;
    private final Config recordedConfig;
    private final Block recordedGenesis;
    private final CertificateAuthority ordererCa;
    private final CertificateAuthority orderer2Ca;
    private final CertificateAuthority foreignCa;
    private final List<Member> members = new ArrayList<>();

    /** Consenters 1..{@code count} of OrdererOrgMSP; {@link #member} reaches them by id. */
    BftChannel(ProofBundle recorded, int count) throws Exception {
        this.recorded = recorded;
        this.recordedGenesis =
                Block.parseFrom(Base64Url.decode("block", recorded.blocks().get(0)));
        Payload payload = Payload.parseFrom(
                Envelope.parseFrom(recordedGenesis.getData().getData(0)).getPayload());
        this.recordedConfig = ConfigEnvelope.parseFrom(payload.getData()).getConfig();
        this.ordererCa = CertificateAuthority.create(CryptoSuite.INTL, "OrdererOrg", "ca.orderer", FROM, UNTIL);
        this.orderer2Ca = CertificateAuthority.create(CryptoSuite.INTL, "Orderer2Org", "ca.orderer2", FROM, UNTIL);
        this.foreignCa = CertificateAuthority.create(CryptoSuite.INTL, "OrdererOrg", "ca.orderer", FROM, UNTIL);
        for (int id = 1; id <= count; id++) {
            members.add(new Member(id, ORDERER_MSP, ordererCa.issue(ordererProfile(id))));
        }
    }

    private static IdentityProfile ordererProfile(long id) {
        return IdentityProfile.named("orderer" + id + ".orderer.fapiao.local")
                .withUnit("orderer")
                .validBetween(FROM, UNTIL);
    }

    CertificateAuthority ordererCa() {
        return ordererCa;
    }

    CertificateAuthority orderer2Ca() {
        return orderer2Ca;
    }

    Member member(long id) {
        return members.stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }

    List<Member> consenters(long... ids) {
        List<Member> chosen = new ArrayList<>();
        for (long id : ids) {
            chosen.add(member(id));
        }
        return chosen;
    }

    /** A consenter whose certificate a CA the channel does not know issued, listed under OrdererOrgMSP. */
    Member foreignConsenter(long id) {
        return new Member(id, ORDERER_MSP, foreignCa.issue(ordererProfile(id)));
    }

    /** A consenter of a second orderer organisation (added by a config update). */
    Member secondOrgConsenter(long id) {
        Member member = new Member(id, ORDERER2_MSP, orderer2Ca.issue(ordererProfile(id)));
        members.add(member);
        return member;
    }

    /** The recorded blocks after the genesis block, by position in the recorded bundle. */
    List<Block> recordedBlocks() throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (String encoded : recorded.blocks().subList(1, recorded.blocks().size())) {
            blocks.add(Block.parseFrom(Base64Url.decode("block", encoded)));
        }
        return blocks;
    }

    /** The genesis block of a BFT channel with these consenters, unsigned as configtxgen writes it. */
    Block genesis(List<Member> consenters) throws Exception {
        Envelope recordedEnvelope = Envelope.parseFrom(recordedGenesis.getData().getData(0));
        Payload payload = Payload.parseFrom(recordedEnvelope.getPayload());
        Config config = config(0, consenters, false);
        Envelope envelope = Envelope.newBuilder()
                .setPayload(payload.toBuilder()
                        .setData(ConfigEnvelope.newBuilder()
                                .setConfig(config)
                                .build()
                                .toByteString())
                        .build()
                        .toByteString())
                .build(); // configtxgen leaves the genesis envelope unsigned
        Block block = assemble(0, ByteString.EMPTY, envelope.toByteString(), recordedGenesis);
        return withSignatures(
                block,
                Metadata.newBuilder()
                        .setValue(ordererMetadata(0, ByteString.EMPTY))
                        .build());
    }

    /** A config update block {@code number}: the next sequence, these consenters, maybe a second orderer org; unsigned. */
    Block configUpdate(long number, long sequence, List<Member> consenters, boolean secondOrg) throws Exception {
        Instant at = timeOf(recordedGenesis).plusSeconds(60);
        byte[] nonce = random(24);
        ByteString creator = SerializedIdentity.newBuilder()
                .setMspid(ORDERER_MSP)
                .setIdBytes(
                        ByteString.copyFrom(Pem.certificate(member(1).identity().certificate()), UTF_8))
                .build()
                .toByteString();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.CONFIG_VALUE)
                .setChannelId(recorded.channel())
                .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
                .setTxId(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(ByteString.copyFrom(nonce)
                                        .concat(creator)
                                        .toByteArray())))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder()
                                .setCreator(creator)
                                .setNonce(ByteString.copyFrom(nonce))
                                .build()
                                .toByteString()))
                .setData(ConfigEnvelope.newBuilder()
                        .setConfig(config(sequence, consenters, secondOrg))
                        .build()
                        .toByteString())
                .build();
        Envelope envelope = Envelope.newBuilder()
                .setPayload(payload.toByteString())
                .setSignature(ByteString.copyFrom(member(1).identity().signer().sign(payload.toByteArray())))
                .build();
        return assemble(number, ByteString.copyFrom(random(32)), envelope.toByteString(), recordedGenesis);
    }

    /** The recorded genesis configuration, ordered by SmartBFT with these consenters. */
    Config config(long sequence, List<Member> consenters, boolean secondOrg) throws Exception {
        Orderers.Builder orderers = Orderers.newBuilder();
        for (Member member : consenters) {
            ByteString pem =
                    ByteString.copyFrom(Pem.certificate(member.identity().certificate()), UTF_8);
            orderers.addConsenterMapping(Consenter.newBuilder()
                    .setId((int) member.id())
                    .setHost("orderer" + member.id() + ".fapiao.local")
                    .setPort(7050)
                    .setMspId(member.mspId())
                    .setIdentity(pem)
                    .setClientTlsCert(pem)
                    .setServerTlsCert(pem));
        }
        ConfigGroup recordedOrderer = recordedConfig.getChannelGroup().getGroupsOrThrow("Orderer");
        ConfigGroup.Builder orderer = recordedOrderer.toBuilder()
                .putValues(
                        "ConsensusType",
                        value(ConsensusType.newBuilder().setType("BFT").build().toByteString()))
                .putValues("Orderers", value(orderers.build().toByteString()))
                .putGroups("OrdererOrg", organisation(ORDERER_MSP, ordererCa));
        if (secondOrg) {
            orderer.putGroups("Orderer2Org", organisation(ORDERER2_MSP, orderer2Ca));
        }
        return recordedConfig.toBuilder()
                .setSequence(sequence)
                .setChannelGroup(recordedConfig.getChannelGroup().toBuilder().putGroups("Orderer", orderer.build()))
                .build();
    }

    private static ConfigGroup organisation(String mspId, CertificateAuthority ca) {
        FabricMSPConfig msp = FabricMSPConfig.newBuilder()
                .setName(mspId)
                .addRootCerts(ByteString.copyFrom(Pem.certificate(ca.certificate()), UTF_8))
                .build();
        return ConfigGroup.newBuilder()
                .setModPolicy("Admins")
                .putValues(
                        "MSP",
                        value(MSPConfig.newBuilder()
                                .setType(0)
                                .setConfig(msp.toByteString())
                                .build()
                                .toByteString()))
                .build();
    }

    private static ConfigValue value(ByteString bytes) {
        return ConfigValue.newBuilder().setModPolicy("Admins").setValue(bytes).build();
    }

    /** A block of one envelope with {@code template}'s metadata entries (TRANSACTIONS_FILTER among them). */
    private static Block assemble(long number, ByteString previousHash, ByteString envelope, Block template) {
        BlockData data = BlockData.newBuilder().addData(envelope).build();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(previousHash)
                .setDataHash(ByteString.copyFrom(sha256.digest(envelope.toByteArray())))
                .build();
        return Block.newBuilder()
                .setHeader(header)
                .setData(data)
                .setMetadata(template.getMetadata())
                .build();
    }

    /** SmartBFT's signed value: {@code OrdererBlockMetadata{last_config, consenter_metadata}}. */
    static ByteString ordererMetadata(long lastConfig, ByteString consenterMetadata) {
        return OrdererBlockMetadata.newBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(lastConfig))
                .setConsenterMetadata(consenterMetadata)
                .build()
                .toByteString();
    }

    /** {@code block} signed by {@code signers} as SmartBFT signs, naming config block {@code lastConfig}. */
    Block signed(Block block, long lastConfig, List<Member> signers) throws ProtocolException {
        // SmartBFT's consenter metadata is its ViewMetadata (view 0, latest sequence, decisions in view).
        ByteString viewMetadata =
                ByteString.copyFrom(new byte[] {0x10, (byte) block.getHeader().getNumber(), 0x18, 1});
        ByteString value = ordererMetadata(lastConfig, viewMetadata);
        ByteString header = ByteString.copyFrom(BlockHash.headerBytes(block.getHeader()));
        Metadata.Builder metadata = Metadata.newBuilder().setValue(value);
        for (Member signer : signers) {
            ByteString identifier = IdentifierHeader.newBuilder()
                    .setIdentifier((int) signer.id())
                    .setNonce(ByteString.copyFrom(random(24)))
                    .build()
                    .toByteString();
            byte[] signature = signer.identity()
                    .signer()
                    .sign(value.concat(identifier).concat(header).toByteArray());
            metadata.addSignatures(MetadataSignature.newBuilder()
                    .setSignature(ByteString.copyFrom(signature))
                    .setIdentifierHeader(identifier));
        }
        return withSignatures(block, metadata.build());
    }

    /** {@code block} signed by one orderer in the signature-header form (the embedded node's), naming {@code lastConfig}. */
    Block signedWithHeader(Block block, long lastConfig, Member signer) throws ProtocolException {
        ByteString value = ordererMetadata(lastConfig, ByteString.EMPTY);
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(SerializedIdentity.newBuilder()
                        .setMspid(signer.mspId())
                        .setIdBytes(ByteString.copyFrom(
                                Pem.certificate(signer.identity().certificate()), UTF_8))
                        .build()
                        .toByteString())
                .setNonce(ByteString.copyFrom(random(24)))
                .build()
                .toByteString();
        byte[] signature = signer.identity()
                .signer()
                .sign(value.concat(signatureHeader)
                        .concat(ByteString.copyFrom(BlockHash.headerBytes(block.getHeader())))
                        .toByteArray());
        return withSignatures(
                block,
                Metadata.newBuilder()
                        .setValue(value)
                        .addSignatures(MetadataSignature.newBuilder()
                                .setSignatureHeader(signatureHeader)
                                .setSignature(ByteString.copyFrom(signature)))
                        .build());
    }

    static Block withSignatures(Block block, Metadata signatures) {
        return block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, signatures.toByteString()))
                .build();
    }

    /** The recorded bundle with these blocks and the orderer organisations' CAs added to its authorities. */
    byte[] bundle(List<Block> blocks, CertificateAuthority... extraCas) throws CertificateEncodingException {
        return bundle(blocks, recorded.steps(), extraCas);
    }

    byte[] bundle(List<Block> blocks, List<ProofBundle.Step> steps, CertificateAuthority... extraCas)
            throws CertificateEncodingException {
        List<ProofBundle.Authority> authorities = new ArrayList<>(recorded.authorities());
        authorities.add(new ProofBundle.Authority(
                ORDERER_MSP, Base64Url.encode(ordererCa.certificate().getEncoded())));
        for (CertificateAuthority ca : extraCas) {
            String msp = ca == orderer2Ca ? ORDERER2_MSP : ORDERER_MSP;
            if (ca != ordererCa) {
                authorities.add(new ProofBundle.Authority(
                        msp, Base64Url.encode(ca.certificate().getEncoded())));
            }
        }
        List<String> encoded =
                blocks.stream().map(b -> Base64Url.encode(b.toByteArray())).toList();
        return new ProofBundle(
                        recorded.format(),
                        recorded.subject(),
                        recorded.channel(),
                        recorded.chaincode(),
                        authorities,
                        encoded,
                        recorded.sealedBill(),
                        steps,
                        recorded.documents())
                .toJson();
    }

    private static Instant timeOf(Block block) throws InvalidProtocolBufferException {
        Payload payload =
                Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
        Timestamp t =
                ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTimestamp();
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
