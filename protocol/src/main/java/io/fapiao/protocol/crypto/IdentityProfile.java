package io.fapiao.protocol.crypto;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a {@link CertificateAuthority} writes into an end-entity certificate: the common name, the
 * organisational units (Fabric's NodeOUs read {@code client}, {@code peer}, {@code admin},
 * {@code orderer} from here), attributes in Fabric CA's attribute extension (the chaincode reads the
 * {@code role} attribute), DNS names for TLS, and the validity period.
 *
 * <pre>{@code
 * IdentityProfile profile = IdentityProfile.named("his.hospital-a")
 *         .withUnit("client")
 *         .withAttribute("role", "hospital")
 *         .validFor(Duration.ofDays(365));
 * }</pre>
 */
public record IdentityProfile(
        String commonName,
        List<String> organizationalUnits,
        Map<String, String> attributes,
        List<String> dnsNames,
        Instant notBefore,
        Instant notAfter) {

    public IdentityProfile {
        Objects.requireNonNull(commonName, "commonName");
        organizationalUnits = List.copyOf(organizationalUnits);
        attributes = Map.copyOf(attributes);
        dnsNames = List.copyOf(dnsNames);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** A profile valid for one year from now (back-dated a minute for clock skew), with no units or attributes. */
    public static IdentityProfile named(String commonName) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        return new IdentityProfile(commonName, List.of(), Map.of(), List.of(), now, now.plus(Duration.ofDays(365)));
    }

    public IdentityProfile withUnit(String unit) {
        return new IdentityProfile(
                commonName,
                Stream.concat(organizationalUnits.stream(), Stream.of(unit)).toList(),
                attributes,
                dnsNames,
                notBefore,
                notAfter);
    }

    public IdentityProfile withAttribute(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(attributes);
        more.put(name, value);
        return new IdentityProfile(commonName, organizationalUnits, more, dnsNames, notBefore, notAfter);
    }

    public IdentityProfile withDnsName(String dnsName) {
        return new IdentityProfile(
                commonName,
                organizationalUnits,
                attributes,
                Stream.concat(dnsNames.stream(), Stream.of(dnsName)).toList(),
                notBefore,
                notAfter);
    }

    public IdentityProfile validBetween(Instant from, Instant until) {
        return new IdentityProfile(commonName, organizationalUnits, attributes, dnsNames, from, until);
    }

    public IdentityProfile validFor(Duration duration) {
        return new IdentityProfile(
                commonName, organizationalUnits, attributes, dnsNames, notBefore, notBefore.plus(duration));
    }
}
