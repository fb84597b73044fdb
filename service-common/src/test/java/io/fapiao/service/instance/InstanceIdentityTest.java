package io.fapiao.service.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance id: created once and kept across restarts, configured when set, refused when it cannot
 * name a lease, and never shared by two running services on one data directory.
 */
class InstanceIdentityTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedIdIsKeptInTheDataDirectoryAndIsTheSameAfterARestart() throws Exception {
        String first;
        try (InstanceIdentity instance = InstanceIdentity.load(null, dir.resolve("service"))) {
            first = instance.id();
            assertThat(instance.leaseOwner("issuance")).isEqualTo("issuance@" + first);
        }
        assertThat(Files.readString(dir.resolve("service").resolve(InstanceIdentity.FILE), StandardCharsets.US_ASCII)
                        .strip())
                .isEqualTo(first);
        try (InstanceIdentity again = InstanceIdentity.load("", dir.resolve("service"))) {
            assertThat(again.id()).isEqualTo(first);
        }
        try (InstanceIdentity other = InstanceIdentity.load(null, dir.resolve("other-service"))) {
            assertThat(other.id()).isNotEqualTo(first);
        }
    }

    @Test
    void aConfiguredIdWinsAndAnIdThatCannotNameALeaseIsRefused() {
        try (InstanceIdentity configured = InstanceIdentity.load("his-adapter-1", dir)) {
            assertThat(configured.leaseOwner("submission")).isEqualTo("submission@his-adapter-1");
        }
        assertThat(dir.resolve(InstanceIdentity.FILE)).doesNotExist();
        for (String bad : new String[] {"two words", "-leading-dash", "x".repeat(41), "a@b"}) {
            assertThatThrownBy(() -> InstanceIdentity.load(bad, dir))
                    .isInstanceOf(InstanceIdUnusable.class)
                    .satisfies(e -> assertThat(((InstanceIdUnusable) e).code()).isEqualTo("INSTANCE_ID_INVALID"));
        }
    }

    @Test
    void aSecondServiceOnTheSameDataDirectoryIsRefusedWhileTheFirstRuns() {
        InstanceIdentity running = InstanceIdentity.load(null, dir);
        assertThatThrownBy(() -> InstanceIdentity.load(null, dir))
                .isInstanceOf(InstanceIdUnusable.class)
                .satisfies(e -> assertThat(((InstanceIdUnusable) e).code()).isEqualTo("INSTANCE_ID_IN_USE"));
        running.close();
        try (InstanceIdentity next = InstanceIdentity.load(null, dir)) {
            assertThat(next.id()).isEqualTo(running.id());
        }
    }

    @Test
    void withoutDataDirectoryOrConfigurationTheIdLastsOneProcess() {
        try (InstanceIdentity a = InstanceIdentity.load(null, null);
                InstanceIdentity b = InstanceIdentity.load(null, null)) {
            assertThat(a.id()).isNotEqualTo(b.id());
        }
    }
}
