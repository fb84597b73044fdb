package io.fapiao.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;

class TransportSecurityTest {

    @Test
    void aServerWithoutTlsDoesNotStartUnlessPlainHttpWasChosenByName() {
        AbstractConfigurableWebServerFactory plain = new AbstractConfigurableWebServerFactory() {};
        assertThatThrownBy(() -> new TransportSecurity(false).customize(plain))
                .hasMessageContaining("TRANSPORT_NOT_SECURE")
                .hasMessageContaining("fapiao.http.plaintext");

        Ssl disabled = new Ssl();
        disabled.setEnabled(false);
        plain.setSsl(disabled);
        assertThatThrownBy(() -> new TransportSecurity(false).customize(plain))
                .hasMessageContaining("TRANSPORT_NOT_SECURE");

        new TransportSecurity(true).customize(plain);
        assertThat(plain.getSsl().isEnabled()).as("left as configured").isFalse();
    }

    @Test
    void aServerWithTlsStarts() {
        AbstractConfigurableWebServerFactory secure = new AbstractConfigurableWebServerFactory() {};
        Ssl ssl = new Ssl();
        ssl.setCertificate("classpath:cert.pem");
        secure.setSsl(ssl);
        new TransportSecurity(false).customize(secure);
        assertThat(Ssl.isEnabled(secure.getSsl())).isTrue();
    }
}
