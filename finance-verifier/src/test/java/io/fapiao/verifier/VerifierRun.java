package io.fapiao.verifier;

import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One run of the finance verifier as its jar would run it: the real application class with a set of
 * properties, on a random port, until {@link #close()} (which stops the event consumer mid-flow, as
 * stopping the process would).
 */
final class VerifierRun implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private VerifierRun(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static VerifierRun start(Map<String, String> properties) {
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new VerifierRun(new SpringApplicationBuilder(FinanceVerifierApplication.class).run(arguments));
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    String url(String path) {
        return "http://localhost:" + port() + path;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
