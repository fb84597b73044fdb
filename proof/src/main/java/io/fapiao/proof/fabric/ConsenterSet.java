package io.fapiao.proof.fabric;

import java.util.List;
import java.util.Optional;

/**
 * The consenters of a SmartBFT channel configuration and the number of them that must sign a block.
 *
 * <p>The quorum is Fabric's: for {@code n} consenters, {@code f = (n - 1) / 3} faulty ones are
 * tolerated and a block needs {@code ceil((n + f + 1) / 2)} signatures of distinct consenters
 * ({@code ComputeBFTQuorum} in Fabric's {@code common/policies/bft.go}, which the orderer writes
 * into the {@code /Channel/Orderer/BlockValidation} policy and the SmartBFT config verifier insists
 * on). Any two quorums then share at least {@code f + 1} consenters, so at least one honest node.
 * For 4 consenters: f = 1, quorum 3; 7: f = 2, quorum 5; 1: quorum 1.
 *
 * <pre>{@code
 * ConsenterSet consenters = ChannelConfig.of(configBlock).consenters();
 * int needed = consenters.quorum();                       // 3 of 4
 * Optional<Consenter> signer = consenters.find(2);
 * }</pre>
 *
 * @param members the consenters in the configuration's order; ids are distinct
 */
public record ConsenterSet(List<Consenter> members) {

    public ConsenterSet {
        members = List.copyOf(members);
    }

    /** The empty set of a channel that is not ordered by SmartBFT. */
    public static ConsenterSet none() {
        return new ConsenterSet(List.of());
    }

    public int size() {
        return members.size();
    }

    /** How many faulty consenters the set tolerates: {@code (n - 1) / 3}. */
    public int faultsTolerated() {
        return Math.max(0, (size() - 1) / 3);
    }

    /** Signatures of distinct consenters a block needs: {@code ceil((n + f + 1) / 2)}. */
    public int quorum() {
        // ceil(x / 2) == (x + 1) / 2 for a non-negative integer x = n + f + 1.
        return (size() + faultsTolerated() + 2) / 2;
    }

    public Optional<Consenter> find(long id) {
        return members.stream().filter(c -> c.id() == id).findFirst();
    }

    /** The ids, in the configuration's order, e.g. {@code [1, 2, 3, 4]}. */
    public List<Long> ids() {
        return members.stream().map(Consenter::id).toList();
    }
}
