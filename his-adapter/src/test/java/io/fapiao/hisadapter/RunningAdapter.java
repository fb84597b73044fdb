package io.fapiao.hisadapter;

import io.fapiao.hisadapter.AdapterApi.Answer;
import io.fapiao.httpsig.SigningHttpClient;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The adapter started as its jar would be, on a random port, with the given properties; and a small
 * HTTP client for its API. Closing it closes the Spring context (the service stops as on SIGTERM).
 */
final class RunningAdapter implements AutoCloseable {
    private final int port;

    private final ConfigurableApplicationContext context;
    private final AdapterApi api;

    private RunningAdapter(ConfigurableApplicationContext context, SigningHttpClient client) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.api = new AdapterApi(URI.create("http://localhost:" + port), client);
    }

    /** Started with {@code properties}; its API called as {@code client}. */
    static RunningAdapter start(Map<String, String> properties, SigningHttpClient client) {
        // As command-line arguments: they outrank application.yml, as an operator's would.
        java.util.List<String> args = new java.util.ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        // Plain HTTP on loopback, chosen by name as a development setting is (the services refuse it otherwise).
        args.add("--fapiao.http.plaintext=true");
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(HisAdapterApplication.class).run(args.toArray(String[]::new));
        return new RunningAdapter(context, client);
    }

    /** The port it listens on, for requests no HTTP client library would send. */
    int port() {
        return port;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    /** Its API as another client. */
    AdapterApi as(SigningHttpClient other) {
        return api.as(other);
    }

    Answer post(byte[] bill, String idempotencyKey) throws Exception {
        return api.post(bill, idempotencyKey);
    }

    Answer get(String path) throws Exception {
        return api.get(path);
    }

    Answer status(String billKey) throws Exception {
        return api.status(billKey);
    }

    @Override
    public void close() {
        context.close();
    }
}
