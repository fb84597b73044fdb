package io.fapiao.cli.platform;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./fapiao call}: one HTTP request to a service, signed (RFC 9421) with the key of a registered
 * REST client of the platform, so that every example in the docs runs as written. The answer's body
 * goes to standard output, its status line (and with {@code -i} its headers) to standard error.
 *
 * <p>Exit code: 0 for a 2xx answer, 1 for any other status, 2 when the request could not be made (no
 * such client, unreadable body, no answer).
 *
 * <pre>{@code
 * ./fapiao call GET https://localhost:8083/v1/invoices/44010126-0000000001 --as billing-desk
 * ./fapiao call POST https://localhost:8083/v1/invoices --as billing-desk --data request.json
 * ./fapiao call GET 'https://localhost:8083/v1/invoices/44010126-0000000001/document?format=ofd' --as billing-desk -o invoice.ofd
 * echo '{"reasonCode":"SALES_RETURN"}' | ./fapiao call POST https://localhost:8083/v1/invoices/44010126-0000000001/reversal --data -
 * }</pre>
 */
@Command(
        name = "call",
        description = {
            "One HTTP request, signed with a registered client's key (RFC 9421).",
            "Body to standard output, status to standard error. Exit 0: 2xx; 1: another status; 2: no request made."
        })
public final class CallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "METHOD", description = "GET, POST, PUT, DELETE...")
    String method;

    @Parameters(index = "1", paramLabel = "URL", description = "the full URL, e.g. https://localhost:8083/v1/verify")
    URI url;

    @Option(
            names = "--as",
            defaultValue = ApiClients.DESK,
            paramLabel = "CLIENT",
            description = "the registered client (in <home>/clients) whose key signs (default ${DEFAULT-VALUE})")
    String client;

    @Option(names = "--data", paramLabel = "FILE", description = "the request body: a file, or - for standard input")
    String data;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME: VALUE",
            description = "an extra header (signed too); repeatable")
    List<String> headers = List.of();

    @Option(
            names = "--home",
            defaultValue = ".fapiao",
            description = "the platform's folder (default ${DEFAULT-VALUE})")
    Path home;

    @Option(
            names = {"-i", "--include"},
            description = "print the answer's headers to standard error as well")
    boolean include;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description =
                    "write the answer's body to FILE, byte for byte (a PDF or OFD download), not to standard output")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String verb = method.toUpperCase(Locale.ROOT);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                err.println("call: a header is NAME: VALUE, not " + header);
                return 2;
            }
            fields.put(
                    header.substring(0, colon).strip(),
                    header.substring(colon + 1).strip());
        }
        byte[] body;
        try {
            body = data == null
                    ? new byte[0]
                    : data.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(data));
        } catch (NoSuchFileException e) {
            err.println("call: no file " + data);
            return 2;
        } catch (IOException e) {
            err.println("call: cannot read the body: " + e.getMessage());
            return 2;
        }
        if (body.length > 0 && fields.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            fields.put("Content-Type", "application/json");
        }
        if (verb.equals("POST") && fields.keySet().stream().noneMatch("Idempotency-Key"::equalsIgnoreCase)) {
            // A retry of the same call should reuse the key: print it so the user can pass it with -H.
            String key = UUID.randomUUID().toString();
            fields.put("Idempotency-Key", key);
            err.println("Idempotency-Key: " + key);
        }
        PlatformLayout layout = new PlatformLayout(home, "localhost:" + (url.getPort() > 0 ? url.getPort() : 80), 0);
        try (PlatformClient platform = new PlatformClient(layout)) {
            Map<String, String> signed;
            try {
                signed = platform.signed(client, verb, url, body, fields);
            } catch (IOException e) {
                err.println("call: client " + client + " has no key in " + layout.clientsDirectory() + ": "
                        + e.getMessage());
                return 2;
            }
            HttpResponse<byte[]> answer = platform.send(verb, url, body, signed);
            err.println("HTTP " + answer.statusCode());
            if (include) {
                answer.headers().map().forEach((name, values) -> values.forEach(v -> err.println(name + ": " + v)));
            }
            err.flush();
            if (output != null) {
                // Standard output is a character stream here: a document's bytes go to a file unchanged.
                Files.write(output, answer.body());
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(answer.body(), StandardCharsets.UTF_8));
                out.flush();
            }
            return answer.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            err.println("call: no answer from " + url + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("call: " + e.getMessage());
            return 2;
        }
    }
}
