package io.fapiao.chaincode;

import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.time.Instant;

/**
 * The dev consortium of the tests, in the shape the embedded ledger generates: one CA per organisation
 * (ECDSA P-256, as Fabric needs), identities with the {@code role} attribute or {@code OU=admin}, plus
 * an organisation the governance record does not know. Built once: key generation is the slow part.
 */
final class Consortium {
    static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2046-01-01T00:00:00Z");

    static final String HOSPITAL_MSP = "HospitalOrgMSP";
    static final String FINANCE_MSP = "FinanceOrgMSP";
    static final String ISSUER_MSP = "IssuerOrgMSP";
    static final String AUDITOR_MSP = "AuditorOrgMSP";
    static final String ROGUE_MSP = "RogueOrgMSP";

    /** The hospital's USCC, qualified 2025 to 2027. */
    static final String USCC_HOSPITAL = SampleBills.uscc(1);
    /** The enterprise's USCC, qualified 2025 to 2027. */
    static final String USCC_ENTERPRISE = SampleBills.uscc(2);
    /** A USCC whose qualification ended on 2026-01-01. */
    static final String USCC_EXPIRED = SampleBills.uscc(3);
    /** A USCC that is registered and in its window, but suspended. */
    static final String USCC_SUSPENDED = SampleBills.uscc(4);

    /** One identity: its MSP, its key and certificate, and the certificate in PEM as Fabric carries it. */
    record Member(String name, String mspId, Identity identity, String pem) {
        @Override
        public String toString() {
            return name;
        }
    }

    final Member hospital;
    final Member hospitalAdmin;
    final Member enterprise;
    final Member expiredHospital;
    final Member suspendedHospital;
    final Member finance;
    final Member financeAdmin;
    final Member issuer;
    final Member claimant;
    final Member auditor;
    final Member rogueFinance;
    final Member rogueAdmin;
    /** A second hospital identity of the same MSP, to sign with a certificate that is not the caller's. */
    final Member otherHospital;
    /** An SM2 seal identity of the hospital, for sealed bills under the GM suite. */
    final Identity gmSeal;
    /** The finance bureau's SM2 encryption identity: GM-suite bills are sealed to it. */
    final Identity gmRecipient;

    private static Consortium shared;

    static synchronized Consortium shared() {
        if (shared == null) {
            shared = new Consortium();
        }
        return shared;
    }

    private Consortium() {
        CertificateAuthority hospitalCa = ca("HospitalOrg");
        CertificateAuthority financeCa = ca("FinanceOrg");
        CertificateAuthority issuerCa = ca("IssuerOrg");
        CertificateAuthority auditorCa = ca("AuditorOrg");
        CertificateAuthority rogueCa = ca("RogueOrg");
        hospital = member(
                "hospital", HOSPITAL_MSP, hospitalCa, client("his.hospital").withAttribute("role", "hospital"));
        otherHospital = member(
                "otherHospital",
                HOSPITAL_MSP,
                hospitalCa,
                client("his2.hospital").withAttribute("role", "hospital"));
        hospitalAdmin = member("hospitalAdmin", HOSPITAL_MSP, hospitalCa, admin("admin.hospital"));
        enterprise = member(
                "enterprise",
                HOSPITAL_MSP,
                hospitalCa,
                client("erp.hospital").withAttribute("role", "enterprise").withAttribute("uscc", USCC_ENTERPRISE));
        expiredHospital = member(
                "expired",
                HOSPITAL_MSP,
                hospitalCa,
                client("his.expired").withAttribute("role", "hospital").withAttribute("uscc", USCC_EXPIRED));
        suspendedHospital = member(
                "suspended",
                HOSPITAL_MSP,
                hospitalCa,
                client("his.suspended").withAttribute("role", "hospital").withAttribute("uscc", USCC_SUSPENDED));
        finance = member(
                "finance", FINANCE_MSP, financeCa, client("verifier.finance").withAttribute("role", "finance"));
        financeAdmin = member("financeAdmin", FINANCE_MSP, financeCa, admin("admin.finance"));
        issuer = member("issuer", ISSUER_MSP, issuerCa, client("issuer").withAttribute("role", "issuer"));
        claimant = member("claimant", ISSUER_MSP, issuerCa, client("insurer").withAttribute("role", "claimant"));
        auditor = member("auditor", AUDITOR_MSP, auditorCa, client("auditor").withAttribute("role", "auditor"));
        rogueFinance = member("unknownMsp", ROGUE_MSP, rogueCa, client("rogue").withAttribute("role", "finance"));
        rogueAdmin = member("rogueAdmin", ROGUE_MSP, rogueCa, admin("admin.rogue"));
        CertificateAuthority gmCa =
                CertificateAuthority.create(CryptoSuite.GM, "HospitalOrg", "seal-ca.hospital", FROM, UNTIL);
        gmSeal = gmCa.issue(IdentityProfile.named("seal.hospital").validBetween(FROM, UNTIL));
        gmRecipient = CertificateAuthority.create(CryptoSuite.GM, "FinanceOrg", "sm2-ca.finance", FROM, UNTIL)
                .issue(IdentityProfile.named("decrypt.finance").validBetween(FROM, UNTIL));
    }

    private static CertificateAuthority ca(String org) {
        return CertificateAuthority.create(CryptoSuite.INTL, org, "ca." + org.toLowerCase(), FROM, UNTIL);
    }

    private static IdentityProfile client(String name) {
        return IdentityProfile.named(name).withUnit("client").validBetween(FROM, UNTIL);
    }

    private static IdentityProfile admin(String name) {
        return IdentityProfile.named(name).withUnit("admin").validBetween(FROM, UNTIL);
    }

    private static Member member(String name, String msp, CertificateAuthority ca, IdentityProfile profile) {
        Identity identity = ca.issue(profile);
        return new Member(name, msp, identity, Pem.certificate(identity.certificate()));
    }
}
